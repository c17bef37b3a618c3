using System.Reflection;
using AwsMultiEni.Abstractions.Nodes;
using AwsMultiEni.Abstractions.Security;
using Orleans.Runtime;

namespace AwsMultiEni.Silo.Security;

/// <summary>What each role may call, by method; an agent's node is checked before, from its token.</summary>
internal static class CallPermissions
{
    /// <summary>Orleans' own calls a client makes while a call is cancelled: harmless for anyone with a role.</summary>
    private static readonly HashSet<string> CancellationExtensions = new(StringComparer.Ordinal)
    {
        "ICancellationSourcesExtension", "IGrainCallCancellationExtension",
    };

    /// <summary>
    /// The one silo service (system target) every client calls itself: its gateway's cluster manifest, which it reads
    /// as it connects. The gateway forwards a client's message to any system target it names (membership, the grain
    /// directory, silo control), and those serve the silos and, like every grain, admins.
    /// </summary>
    private static readonly GrainType ManifestProvider = SystemTargetGrainId.CreateGrainType("manifest");

    /// <summary>Whether any client may call <paramref name="target"/>, whatever token it holds or lacks.</summary>
    public static bool IsOpenToEveryone(GrainId target) => target.Type == ManifestProvider;

    /// <summary>Why <paramref name="role"/> may not call <paramref name="method"/> of <paramref name="target"/>, or null when it may.</summary>
    public static string? Refusal(CallerRole role, GrainId target, MethodInfo method)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (target.IsSystemTarget() && role != CallerRole.Admin)
        {
            return "only an admin may call the silos' own services (system targets), but for the cluster manifest";
        }

        var declaring = method.DeclaringType;
        if (role != CallerRole.None && declaring is not null && CancellationExtensions.Contains(declaring.Name) && typeof(IGrainExtension).IsAssignableFrom(declaring))
        {
            return null;
        }

        return role switch
        {
            CallerRole.Admin => null,
            CallerRole.Dashboard when IsRead(method) => null,
            CallerRole.Dashboard => "the dashboard role may call only read methods",
            CallerRole.Agent when declaring == typeof(INodeGrain) => null,
            CallerRole.Agent => "an agent may call only its own node's INodeGrain",
            _ => "the caller has no role",
        };
    }

    /// <summary>A method marked <see cref="ReadCallAttribute"/>, or the silo list the dashboard shows.</summary>
    public static bool IsRead(MethodInfo method)
    {
        ArgumentNullException.ThrowIfNull(method);
        return method.GetCustomAttribute<ReadCallAttribute>() is not null
            || method.DeclaringType == typeof(IManagementGrain) && method.Name == nameof(IManagementGrain.GetHosts);
    }
}
