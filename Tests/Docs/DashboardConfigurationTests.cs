using AwsMultiEni.Tests.Deploy;

namespace AwsMultiEni.Tests.Docs;

/// <summary>The key table of <c>docs/dashboard.md</c> and the dashboard agree: every key listed is one it reads, and every setting it reads is listed.</summary>
public sealed class DashboardConfigurationTests
{
    [Fact]
    public void Every_key_the_dashboard_guide_lists_is_one_the_dashboard_reads()
    {
        var keys = ConfigurationReferenceTests.Rows("docs/dashboard.md").SelectMany(r => r.Keys).ToList();

        Assert.NotEmpty(keys);
        Assert.All(keys, key => Assert.True(
            ConfigurationKeys.IsRead(key, ProgramConfiguration.DashboardSections, []),
            $"docs/dashboard.md lists '{key}', which the dashboard does not read."));
    }

    [Fact]
    public void Every_setting_the_dashboard_reads_is_in_the_dashboard_guide()
    {
        var documented = ConfigurationReferenceTests.Rows("docs/dashboard.md").SelectMany(r => r.Keys).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var settings = ProgramConfiguration.DashboardSections.SelectMany(s => ConfigurationReferenceTests.Leaves(s.Section.Replace(":", "__", StringComparison.Ordinal), s.Settings));

        var missing = settings.Where(k => !documented.Contains(k)).ToList();
        Assert.True(missing.Count == 0, $"docs/dashboard.md does not list: {string.Join(", ", missing)}");
    }
}
