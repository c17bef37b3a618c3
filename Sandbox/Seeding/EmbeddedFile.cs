namespace AwsMultiEni.Sandbox.Seeding;

/// <summary>The shipped files the Sandbox embeds (<c>deploy/</c>'s CRD, RBAC and IAM policy), so it runs from anywhere exactly as shipped.</summary>
internal static class EmbeddedFile
{
    public static string Read(string resource)
    {
        using var stream = typeof(EmbeddedFile).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"{resource} is not embedded in the Sandbox.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
