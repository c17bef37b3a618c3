namespace AwsMultiEni.Dashboard.Fleet;

/// <summary>A grain call whose failure (a silo down, a grain not deployed) the dashboard shows in words instead of dying of it.</summary>
public static class GrainCall
{
    /// <summary>The call's result, or null and what failed.</summary>
    public static async Task<(T? Value, string? Problem)> TryAsync<T>(Func<Task<T>> call, string what)
        where T : class?
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return (await call(), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            return (null, $"Cannot {what}: {ex.Message}");
        }
    }
}
