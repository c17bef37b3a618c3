namespace AwsMultiEni.Sandbox.Kubernetes;

/// <summary>
/// Who writes, and how: the field manager the write is recorded under (the request's <c>fieldManager</c>, else its
/// user agent's product name, as the API server derives it), whether an apply may take fields from other managers,
/// and the request's <c>fieldValidation</c>.
/// </summary>
internal sealed record WriteOptions(string Manager, string? FieldValidation = null, bool Force = false, bool ManagerGiven = true)
{
    /// <summary>The emulator's own writes: seeded namespaces, CRDs and nodes.</summary>
    public static WriteOptions Emulator { get; } = new("sandbox");

    public static WriteOptions From(string? fieldManager, string? userAgent, string? fieldValidation, bool force) =>
        string.IsNullOrEmpty(fieldManager)
            ? new(ProductOf(userAgent), fieldValidation, force, ManagerGiven: false)
            : new(fieldManager, fieldValidation, force);

    /// <summary><c>kubectl/v1.32.0 (linux/amd64) kubernetes/…</c> manages as <c>kubectl</c>.</summary>
    private static string ProductOf(string? userAgent) =>
        string.IsNullOrWhiteSpace(userAgent) ? "unknown" : userAgent.Split('/', 2)[0].Trim();
}
