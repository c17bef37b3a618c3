using AwsMultiEni.Abstractions.Keys;
using AwsMultiEni.Abstractions.Nodes;
using AwsMultiEni.Abstractions.Security;
using AwsMultiEni.Security;
using AwsMultiEni.Silo.Kubernetes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace AwsMultiEni.Silo.Security;

/// <summary>
/// Decides the role of every call from outside the silo set and refuses what that role may not do, with a
/// <see cref="CallRefusedException"/>. An agent proves its node with its pod-bound token, reviewed by the node's own
/// cluster; people, automation and the dashboard with tokens reviewed by <see cref="SecuritySettings.ReviewCluster"/>.
/// Calls within the silo set pass untouched when they prove it (<see cref="SiloCallProof"/>), whatever sender they
/// name; of the silos' own services (system targets) a client other than an admin may call only the cluster manifest.
/// No call carries a caller's token or a silo's proof further than this silo.
/// </summary>
internal sealed class CallerRoleFilter : IIncomingGrainCallFilter
{
    private readonly CallerReviews _reviews;
    private readonly SiloCallProof _proof;
    private readonly SecuritySettings _settings;
    private readonly CallerRole _anonymous;
    private readonly ILogger _logger;

    public CallerRoleFilter(CallerReviews reviews, SiloCallProof proof, IOptions<SecuritySettings> settings, IConfiguration configuration, ILogger<CallerRoleFilter> logger)
    {
        _reviews = reviews;
        _proof = proof;
        _settings = settings.Value;
        _anonymous = _settings.Anonymous(configuration);
        _logger = logger;
    }

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        var token = RequestContext.Get(CallerToken.RequestContextKey) as string;
        var proven = _proof.Verify(RequestContext.Get(SiloCallProof.RequestContextKey) as string, context.TargetId, context.InterfaceName, context.MethodName);
        // What this call does next (grain to grain, pushes to other clients' observers) must not carry either on.
        RequestContext.Remove(CallerToken.RequestContextKey);
        RequestContext.Remove(SiloCallProof.RequestContextKey);
        if (!proven)
        {
            var (role, refusal) = await CheckClientAsync(context, token);
            if (refusal is not null)
            {
                if (context.SourceId is { } source && !source.IsClient())
                {
                    refusal += $"; the call names {source}, inside the silo set, as its sender but carries no valid proof of it (do the silos share Security:SiloKeyFile?)";
                }

                var method = $"{context.InterfaceMethod.DeclaringType?.Name}.{context.InterfaceMethod.Name}";
                var roleName = role.ToString().ToLowerInvariant();
                SecurityLog.Refused(_logger, method, context.TargetId.ToString(), roleName, refusal);
                throw new CallRefusedException(roleName, context.TargetId.ToString(), method, refusal);
            }
        }

        await context.Invoke();
    }

    /// <summary>The role of a client's call, and why it may not make it (null when it may).</summary>
    private async Task<(CallerRole Role, string? Refusal)> CheckClientAsync(IIncomingGrainCallContext context, string? token)
    {
        if (CallPermissions.IsOpenToEveryone(context.TargetId))
        {
            return (CallerRole.None, null);
        }

        var (role, refusal) = string.IsNullOrEmpty(token) ? Anonymous() : await DecideAsync(context, token);
        return (role, refusal ?? CallPermissions.Refusal(role, context.TargetId, context.InterfaceMethod));
    }

    private (CallerRole, string?) Anonymous() =>
        _anonymous == CallerRole.None ? (CallerRole.None, "no token was sent, and callers without one have no role (Security:AnonymousRole)") : (_anonymous, null);

    private async Task<(CallerRole Role, string? Refusal)> DecideAsync(IIncomingGrainCallContext context, string token)
    {
        if (context.InterfaceMethod.DeclaringType == typeof(INodeGrain) && context.TargetId.Key.ToString().Split(GrainKey.Separator) is [var cluster, var node])
        {
            var answer = await _reviews.ReviewAsync(cluster, token);
            if (answer.Authenticated && answer.User == _settings.AgentServiceAccount)
            {
                return answer.Node == node
                    ? (CallerRole.Agent, null)
                    : (CallerRole.Agent, $"the token is bound to node '{answer.Node ?? "(none)"}' of cluster '{cluster}', not to '{node}'");
            }
        }

        if (string.IsNullOrWhiteSpace(_settings.ReviewCluster))
        {
            return (CallerRole.None, "the token is not an agent's of the node called, and no Security:ReviewCluster is configured to review other tokens");
        }

        var review = await _reviews.ReviewAsync(_settings.ReviewCluster, token);
        if (!review.Authenticated)
        {
            return (CallerRole.None, $"cluster '{_settings.ReviewCluster}' did not accept the token ({review.Error ?? "no reason given"})");
        }

        if (review.User == _settings.AgentServiceAccount)
        {
            return (CallerRole.Agent, "an agent may call only its own node's INodeGrain");
        }

        var role = _settings.RoleOf(review.User!, review.Groups);
        return role == CallerRole.None ? (role, $"user '{review.User}' is neither in Security:Admins nor in Security:DashboardReaders") : (role, null);
    }
}
