using System.Text.Json.Nodes;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Deploy;

/// <summary>Mutual TLS in the charts: on by default from an existing Secret, and cert-manager's Certificate only when asked.</summary>
public sealed partial class ChartTests
{
    private const string TlsMount = "/etc/awsmultieni/tls";

    [Theory]
    [MemberData(nameof(Majors))]
    public async Task Every_Orleans_container_reads_its_certificate_from_an_existing_Secret_by_default_and_cert_manager_writes_it_only_when_enabled(int major)
    {
        var helm = new Helm(major);
        foreach (var (chart, kind, workload, secret, containers) in new[]
        {
            (Silo, "Deployment", "awsmultieni-silo", "awsmultieni-tls", new[] { "silo" }),
            (Silo, "Deployment", "awsmultieni-dashboard", "awsmultieni-tls", new[] { "dashboard" }),
            (Cluster, "DaemonSet", "awsmultieni-agent", "awsmultieni-agent-tls", new[] { "agent" }),
        })
        {
            var defaults = await chart.RenderAsync(helm, "readme-values.yaml");
            Assert.DoesNotContain(defaults.Objects, o => ((string?)o["apiVersion"])?.StartsWith("cert-manager.io/", StringComparison.Ordinal) == true);
            AssertMountsTls(defaults, kind, workload, secret, containers);

            var certManager = await chart.RenderAsync(helm, "cert-manager-values.yaml");
            AssertMountsTls(certManager, kind, workload, secret, containers);
            var certificate = certManager.Get("Certificate", secret);
            Assert.Equal("cert-manager.io/v1", (string?)certificate["apiVersion"]);
            Assert.Equal((secret, "fleet-ca", "cert-manager.io"), (Text(certificate, "spec.secretName"), Text(certificate, "spec.issuerRef.name"), Text(certificate, "spec.issuerRef.group")));
            Assert.Contains("client auth", certificate["spec"]!["usages"]!.AsArray().Select(u => (string?)u));
            Assert.Equal("Always", Text(certificate, "spec.privateKey.rotationPolicy"));
        }

        // The plain manifests mount the Secrets the charts default to.
        AssertMountsTls(DeployManifests.Load("deploy/silo"), "Deployment", "awsmultieni-silo", "awsmultieni-tls", ["silo"]);
        AssertMountsTls(DeployManifests.Load("deploy/silo"), "Deployment", "awsmultieni-dashboard", "awsmultieni-tls", ["dashboard"]);
        AssertMountsTls(DeployManifests.Load("deploy/cluster"), "DaemonSet", "awsmultieni-agent", "awsmultieni-agent-tls", ["agent"]);
    }

    [Theory]
    [MemberData(nameof(Majors))]
    public async Task Cert_manager_without_an_issuer_is_refused_before_anything_renders(int major)
    {
        var helm = new Helm(major);
        foreach (var chart in new[] { Silo, Cluster })
        {
            var refused = await helm.RunAsync("template", "x", chart.Folder, "-f", chart.ValuesFile("readme-values.yaml"), "--set", "tls.certManager.enabled=true");
            Assert.True(refused.ExitCode != 0, $"helm {major} rendered {chart.Name} with cert-manager and no issuer.");
            Assert.Contains("tls.certManager.issuerRef.name is required", refused.Error, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Majors))]
    public async Task The_silo_key_is_mounted_in_the_silo_pods_and_nowhere_else(int major)
    {
        var helm = new Helm(major);
        var defaults = await Silo.RenderAsync(helm, "readme-values.yaml");
        var named = await Silo.RenderAsync(helm, "everything-values.yaml", "prod");
        foreach (var (manifests, workload, secret) in new[]
        {
            (defaults, "awsmultieni-silo", "awsmultieni-silo-key"),
            (DeployManifests.Load("deploy/silo"), "awsmultieni-silo", "awsmultieni-silo-key"),
            (named, "fleet-eu-silo", "fleet-eu-silo-calls"),
        })
        {
            var pod = Pod(manifests.Get("Deployment", workload));
            Assert.Equal(secret, Text(pod["volumes"]!.AsArray().Single(v => (string?)v!["name"] == "silo-key")!.AsObject(), "secret.secretName"));
            var container = DeployManifests.Container(manifests.Get("Deployment", workload), "silo");
            Assert.Equal("/etc/awsmultieni/silo-key/key", manifests.Environment(container)["Security__SiloKeyFile"]);
            var mount = container["volumeMounts"]!.AsArray().Single(m => (string?)m!["name"] == "silo-key")!.AsObject();
            Assert.Equal(("/etc/awsmultieni/silo-key", "true", (string?)null), (Text(mount, "mountPath"), Text(mount, "readOnly"), (string?)mount["subPath"]));
        }

        // The dashboard holds a certificate of the fleet's CA too: with the key it could pass its calls as the silos'.
        foreach (var manifests in new[] { defaults, DeployManifests.Load("deploy/silo") })
        {
            Assert.DoesNotContain("silo-key", manifests.Get("Deployment", "awsmultieni-dashboard").ToJsonString(), StringComparison.Ordinal);
        }

        Assert.DoesNotContain("silo-key", (await Cluster.RenderAsync(helm, "readme-values.yaml")).Objects.Select(o => o.ToJsonString()).Aggregate(string.Concat), StringComparison.Ordinal);
    }

    private static void AssertMountsTls(DeployManifests manifests, string kind, string workload, string secret, IEnumerable<string> containers)
    {
        var pod = Pod(manifests.Get(kind, workload));
        var volume = pod["volumes"]!.AsArray().Single(v => (string?)v!["name"] == "tls")!.AsObject();
        Assert.Equal(secret, Text(volume, "secret.secretName"));
        foreach (var name in containers)
        {
            var container = DeployManifests.Container(manifests.Get(kind, workload), name);
            Assert.Equal(TlsMount, manifests.Environment(container)["Security__Tls__Directory"]);
            var mount = container["volumeMounts"]!.AsArray().Single(m => (string?)m!["name"] == "tls")!.AsObject();
            // A subPath mount would never see the kubelet's rotation.
            Assert.Equal((TlsMount, "true", (string?)null), (Text(mount, "mountPath"), Text(mount, "readOnly"), (string?)mount["subPath"]));
        }
    }
}
