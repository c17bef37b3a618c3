namespace AwsMultiEni.Sandbox.Kubernetes;

/// <summary>Writes the kubeconfig of one emulated cluster, usable by kubectl and KubernetesClient alike.</summary>
internal static class KubeconfigFile
{
    public static async Task<string> WriteAsync(string stateDir, string cluster, Uri server)
    {
        Directory.CreateDirectory(stateDir);
        var path = Path.Combine(stateDir, $"{cluster}.kubeconfig");
        var text = $"""
            apiVersion: v1
            kind: Config
            clusters:
              - name: {cluster}
                cluster:
                  server: {server.GetLeftPart(UriPartial.Authority)}
            users:
              - name: {cluster}-admin
                user:
                  token: sandbox-{cluster}
            contexts:
              - name: {cluster}
                context:
                  cluster: {cluster}
                  user: {cluster}-admin
            current-context: {cluster}

            """;
        await File.WriteAllTextAsync(path, text);
        return path;
    }
}
