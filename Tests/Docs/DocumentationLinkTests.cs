using System.Text.RegularExpressions;
using AwsMultiEni.Tests.Infrastructure;

namespace AwsMultiEni.Tests.Docs;

/// <summary>The README is the front door and <c>docs/</c> the rooms behind it: every guide is on the map, and every link leads somewhere.</summary>
public sealed partial class DocumentationLinkTests
{
    public static TheoryData<string> Pages => new(new[] { "README.md" }.Concat(Guides()));

    [Fact]
    public void The_readme_maps_every_guide_in_docs()
    {
        var readme = RepositoryFiles.Read("README.md");

        Assert.All(Guides(), guide => Assert.Contains($"]({guide})", readme, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_relative_link_names_a_file_that_exists_and_a_heading_it_has(string page)
    {
        var folder = Path.GetDirectoryName(RepositoryFiles.PathOf(page))!;
        var broken = Link().Matches(RepositoryFiles.Read(page))
            .Select(m => m.Groups["target"].Value)
            .Where(target => !target.Contains("://", StringComparison.Ordinal))
            .Where(target =>
            {
                var (file, anchor) = target.Split('#', 2) switch { [var f] => (f, null), [var f, var a] => (f, a), _ => (target, null) };
                var path = file.Length == 0 ? RepositoryFiles.PathOf(page) : Path.GetFullPath(Path.Combine(folder, file));
                return !(File.Exists(path) || Directory.Exists(path)) || (anchor is not null && !Anchors(path).Contains(anchor));
            })
            .ToList();

        Assert.True(broken.Count == 0, $"{page} links to what does not exist: {string.Join(", ", broken)}");
    }

    private static IEnumerable<string> Guides() =>
        Directory.GetFiles(RepositoryFiles.PathOf("docs"), "*.md").Select(f => $"docs/{Path.GetFileName(f)}").Order(StringComparer.Ordinal);

    /// <summary>GitHub's anchors: each heading lower-cased, punctuation dropped, spaces as hyphens.</summary>
    private static HashSet<string> Anchors(string markdown) =>
        Heading().Matches(File.ReadAllText(markdown))
            .Select(m => Regex.Replace(m.Groups[1].Value.Trim().ToLowerInvariant(), @"[^\p{L}\p{N}\- _]", string.Empty).Replace(' ', '-'))
            .ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"(?m)^#{1,6} (.+)$")]
    private static partial Regex Heading();
}
