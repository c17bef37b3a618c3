namespace AwsMultiEni.Ipam;

/// <summary>The CNI parameters a runtime passes in the environment (CNI spec, section 2).</summary>
internal sealed record CniEnvironment(string? Command, string? ContainerId, string? NetNs, string? IfName, string? Args, string? Path)
{
    public static CniEnvironment FromProcess() => new(
        Environment.GetEnvironmentVariable("CNI_COMMAND"),
        Environment.GetEnvironmentVariable("CNI_CONTAINERID"),
        Environment.GetEnvironmentVariable("CNI_NETNS"),
        Environment.GetEnvironmentVariable("CNI_IFNAME"),
        Environment.GetEnvironmentVariable("CNI_ARGS"),
        Environment.GetEnvironmentVariable("CNI_PATH"));

    /// <summary>The attachment an ADD, DEL or CHECK is about; fails with code 4 naming what is missing or malformed.</summary>
    public Attachment RequireAttachment(bool netNsRequired)
    {
        var problems = new List<string>();
        if (string.IsNullOrEmpty(ContainerId) || !Attachment.IsValidContainerId(ContainerId))
        {
            problems.Add("CNI_CONTAINERID");
        }

        if (string.IsNullOrEmpty(IfName) || !Attachment.IsValidIfName(IfName))
        {
            problems.Add("CNI_IFNAME");
        }

        if (netNsRequired && string.IsNullOrEmpty(NetNs))
        {
            problems.Add("CNI_NETNS");
        }

        return problems.Count == 0
            ? new Attachment(ContainerId!, IfName!)
            : throw new CniException(CniErrorCode.InvalidEnvironment, $"missing or invalid environment variables: {string.Join(", ", problems)}");
    }
}
