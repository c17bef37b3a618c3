namespace AwsMultiEni.Sandbox.Kubernetes;

/// <summary>Writes a kubeconfig of one emulated cluster, usable by kubectl and KubernetesClient alike, for one identity's endpoint.</summary>
internal static class KubeconfigFile
{
    /// <summary><c>DIR/{cluster}{suffix}.kubeconfig</c>, e.g. <c>sandbox-1.kubeconfig</c> or <c>sandbox-1-as-silo.kubeconfig</c>.</summary>
    public static async Task<string> WriteAsync(string stateDir, string cluster, Uri server, string suffix, string user)
    {
        Directory.CreateDirectory(stateDir);
        var path = Path.Combine(stateDir, $"{cluster}{suffix}.kubeconfig");
        var text = $"""
            apiVersion: v1
            kind: Config
            clusters:
              - name: {cluster}
                cluster:
                  server: {server.GetLeftPart(UriPartial.Authority)}
            users:
              - name: {cluster}-{user}
                user:
                  token: sandbox-{cluster}-{user}
            contexts:
              - name: {cluster}
                context:
                  cluster: {cluster}
                  user: {cluster}-{user}
            current-context: {cluster}

            """;
        await File.WriteAllTextAsync(path, text);
        return path;
    }
}
