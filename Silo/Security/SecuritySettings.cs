using Microsoft.Extensions.Configuration;

namespace AwsMultiEni.Silo.Security;

/// <summary>The <c>Security</c> configuration section, as the silo reads it: who may call the fleet and how callers are checked.</summary>
public sealed class SecuritySettings
{
    public const string SectionName = "Security";

    public const string DefaultAgentServiceAccount = "system:serviceaccount:awsmultieni-node:awsmultieni-agent";

    /// <summary>
    /// The role of a caller that sends no token: <c>admin</c>, <c>dashboard</c> or <c>none</c> (refused). When unset,
    /// <c>admin</c> while the silo runs plaintext (no <c>Security:Tls:Directory</c>: a local run, the Sandbox) and
    /// <c>none</c> with TLS; the charts set <c>none</c>.
    /// </summary>
    public string? AnonymousRole { get; set; }

    /// <summary>
    /// The registered cluster (by name) that reviews the tokens of people, automation and the dashboard: the silo set's
    /// own cluster, usually among <c>Fleet:Clusters</c> so it is known from the start. Unset: only agents can prove who they are.
    /// </summary>
    public string? ReviewCluster { get; set; }

    /// <summary>Who is <c>admin</c>: users (<c>system:serviceaccount:NS:NAME</c>, or any user name) or <c>group:NAME</c>.</summary>
    public List<string> Admins { get; init; } = [];

    /// <summary>Who is <c>dashboard</c> (read-only methods), as <see cref="Admins"/>.</summary>
    public List<string> DashboardReaders { get; init; } = [];

    /// <summary>
    /// A file (a Secret mounted in the silo pods only) whose text, at least 32 characters, keys the proof the silos put
    /// on their own grain calls, read again when it changes. Required with TLS; unset otherwise, a key of this process,
    /// so silos in other processes count as clients.
    /// </summary>
    public string? SiloKeyFile { get; set; }

    /// <summary>The user the node agents' tokens review as, in every member cluster.</summary>
    public string AgentServiceAccount { get; set; } = DefaultAgentServiceAccount;

    /// <summary>How long a token the API server accepted is trusted again without asking (refusals are never kept).</summary>
    public TimeSpan ReviewCacheDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The anonymous role this silo uses, from <see cref="AnonymousRole"/> and whether it runs TLS.</summary>
    public CallerRole Anonymous(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (string.IsNullOrWhiteSpace(AnonymousRole))
        {
            return RunsTls(configuration) ? CallerRole.None : CallerRole.Admin;
        }

        return Enum.TryParse<CallerRole>(AnonymousRole, ignoreCase: true, out var role) && role != CallerRole.Agent
            ? role
            : throw new InvalidOperationException($"Security:AnonymousRole '{AnonymousRole}' is not one of admin, dashboard or none.");
    }

    /// <summary>The role <paramref name="user"/> with <paramref name="groups"/> has by <see cref="Admins"/> and <see cref="DashboardReaders"/>.</summary>
    public CallerRole RoleOf(string user, IReadOnlyList<string> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        bool Listed(List<string> subjects) =>
            subjects.Contains(user, StringComparer.Ordinal) || groups.Any(g => subjects.Contains("group:" + g, StringComparer.Ordinal));
        return Listed(Admins) ? CallerRole.Admin : Listed(DashboardReaders) ? CallerRole.Dashboard : CallerRole.None;
    }

    /// <summary>Whether the silo serves mutual TLS, and so runs among peers in other processes that must prove their calls.</summary>
    public static bool RunsTls(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration?["Security:Tls:Directory"]);
}
