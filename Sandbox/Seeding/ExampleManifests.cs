namespace AwsMultiEni.Sandbox.Seeding;

/// <summary>
/// The README examples with their placeholder subnet and security group IDs replaced by the seeded
/// ones (no emulator can promise an ID), written to <c>DIR/examples/</c>. The by-name example needs
/// no change: the seeded network carries the Name tags it uses.
/// </summary>
public static class ExampleManifests
{
    private const string ResourcePrefix = "AwsMultiEni.Sandbox.examples.";

    /// <summary>Placeholder IDs of the examples and the seeded resource each stands for.</summary>
    public static IReadOnlyList<(string Placeholder, Func<SeededWorld, string> Seeded)> Placeholders { get; } =
    [
        ("subnet-0a1b2c3d4e5f60001", world => world.Subnet(SandboxNetwork.MultusSubnet(0).Name).SubnetId),
        ("subnet-0a1b2c3d4e5f60002", world => world.Subnet(SandboxNetwork.MultusSubnet(1).Name).SubnetId),
        ("subnet-0a1b2c3d4e5f60003", world => world.Subnet(SandboxNetwork.MultusSubnet(2).Name).SubnetId),
        ("sg-0a1b2c3d4e5f60001", world => world.SecurityGroup(SandboxNetwork.MultusSecurityGroup).GroupId),
        ("sg-0a1b2c3d4e5f60002", world => world.SecurityGroup(SandboxNetwork.JumboSecurityGroup).GroupId),
    ];

    /// <summary>Writes every example to <paramref name="directory"/> and returns the paths written, by file name.</summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(SeededWorld world, string directory)
    {
        Directory.CreateDirectory(directory);
        var assembly = typeof(ExampleManifests).Assembly;
        var written = new List<string>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            await using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            var text = await reader.ReadToEndAsync();
            foreach (var (placeholder, seeded) in Placeholders)
            {
                text = text.Replace(placeholder, seeded(world), StringComparison.Ordinal);
            }

            var path = Path.Combine(directory, resource[ResourcePrefix.Length..]);
            await File.WriteAllTextAsync(path, text);
            written.Add(path);
        }

        return written;
    }
}
