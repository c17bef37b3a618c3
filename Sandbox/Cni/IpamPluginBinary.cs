namespace AwsMultiEni.Sandbox.Cni;

/// <summary>
/// The <c>awsmultieni-ipam</c> the build puts beside the Sandbox: it comes with the agent, which reads and writes its
/// on-disk contract. A plain build makes it the framework-dependent apphost; a NativeAOT publish is an option on top.
/// </summary>
internal static class IpamPluginBinary
{
    public const string Name = "awsmultieni-ipam";

    public static string Path => System.IO.Path.Combine(AppContext.BaseDirectory, Name);
}
