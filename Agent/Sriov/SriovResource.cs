namespace AwsMultiEni.Agent.Sriov;

/// <summary>
/// One device plugin resource the agent owns: the ENA devices it bound for one
/// <c>prefix/name</c>, with the drivers they are on.
/// </summary>
public sealed record SriovResource(string Prefix, string Name, IReadOnlyList<string> Drivers, IReadOnlyList<string> PciAddresses)
{
    public string Key => $"{Prefix}/{Name}";
}
