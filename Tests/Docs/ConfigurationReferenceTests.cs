using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using AwsMultiEni.Tests.Deploy;
using AwsMultiEni.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace AwsMultiEni.Tests.Docs;

/// <summary>
/// <c>docs/configuration.md</c> and the silo agree: every key its table lists is one the silo reads, with the
/// default the silo has; and every setting the silo reads is in the table.
/// </summary>
public sealed partial class ConfigurationReferenceTests
{
    /// <summary>Read by the AWS SDK itself (and, for EKS, by the silo the SDK's way), not bound to a settings class.</summary>
    private static readonly string[] SdkVariables = ["AWS_ENDPOINT_URL_EC2", "AWS_ENDPOINT_URL_EKS"];

    [Fact]
    public void Every_documented_key_is_read_by_the_silo_with_the_documented_default()
    {
        var rows = Rows();
        Assert.NotEmpty(rows);
        foreach (var (keys, defaults) in rows)
        {
            Assert.All(keys, key => Assert.True(
                ConfigurationKeys.IsRead(key, ProgramConfiguration.SiloSections, [.. ProgramConfiguration.SiloProcessVariables, .. SdkVariables]),
                $"docs/configuration.md lists '{key}', which the silo does not read."));
            if (defaults.Count == keys.Count)
            {
                foreach (var (key, text) in keys.Zip(defaults))
                {
                    // A null default is one the host fills in where it reads the setting (Localhost clustering, say).
                    if (Default(key) is { Value: not null } actual)
                    {
                        Assert.True(Equals(actual.Value, TypeDescriptor.GetConverter(actual.Type).ConvertFromInvariantString(text)), $"docs/configuration.md says {key} defaults to {text}; the silo's default is {actual.Value}.");
                    }
                }
            }
        }
    }

    [Fact]
    public void Every_setting_the_silo_reads_is_documented()
    {
        var documented = Rows().SelectMany(r => r.Keys).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var settings = ProgramConfiguration.SiloSections
            .Where(s => s.Section is not (Silo.Hosting.SiloHostingExtensions.MembershipSection or Silo.Hosting.SiloHostingExtensions.GrainDirectorySection))
            .SelectMany(s => Leaves(s.Section.Replace(":", "__", StringComparison.Ordinal), s.Settings));

        var missing = settings.Where(k => !documented.Contains(k)).ToList();
        Assert.True(missing.Count == 0, $"docs/configuration.md does not list: {string.Join(", ", missing)}");
    }

    private static List<(List<string> Keys, List<string> Defaults)> Rows() => Rows("docs/configuration.md");

    /// <summary>
    /// Each row's keys (<c>N</c> as item 0, a <c>/ __Name</c> beside a key as its sibling) and its default values, of the
    /// three-column tables in <paramref name="file"/> (their header row left out).
    /// </summary>
    internal static List<(List<string> Keys, List<string> Defaults)> Rows(string file) =>
        [.. Row().Matches(RepositoryFiles.Read(file)).Skip(1).Select(m =>
        {
            var keys = new List<string>();
            foreach (var token in Code().Matches(m.Groups["key"].Value).Select(c => ItemN().Replace(c.Groups[1].Value, "__0")))
            {
                keys.Add(token.StartsWith("__", StringComparison.Ordinal) ? keys[^1][..keys[^1].LastIndexOf("__", StringComparison.Ordinal)] + token : token);
            }

            var cell = m.Groups["default"].Value.Trim();
            var defaults = Regex.IsMatch(cell, @"^`[^`]+`( / `[^`]+`)*$") ? Code().Matches(cell).Select(c => c.Groups[1].Value).ToList() : [];
            return (keys, defaults);
        })];

    /// <summary>The value a silo started with no configuration has at <paramref name="key"/>, and its type.</summary>
    private static (object? Value, Type Type)? Default(string key)
    {
        var section = ProgramConfiguration.SiloSections.FirstOrDefault(s => key.StartsWith(s.Section.Replace(":", "__", StringComparison.Ordinal) + "__", StringComparison.Ordinal));
        if (section is null)
        {
            return null;
        }

        object? value = new ConfigurationBuilder().Build().GetSection(section.Section).Get(section.Settings) ?? Activator.CreateInstance(section.Settings);
        var type = section.Settings;
        foreach (var name in key[(section.Section.Length + 2)..].Split("__"))
        {
            var property = type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null || value is null)
            {
                return null;
            }

            (value, type) = (property.GetValue(value), Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType);
        }

        return (value, type);
    }

    /// <summary>Every key a settings class binds, lists as item 0.</summary>
    internal static IEnumerable<string> Leaves(string prefix, Type type)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }))
        {
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var key = $"{prefix}__{property.Name}";
            if (TypeDescriptor.GetConverter(propertyType).CanConvertFrom(typeof(string)))
            {
                yield return key;
            }
            else if (propertyType.IsGenericType && propertyType.GetGenericArguments() is [var item])
            {
                foreach (var leaf in Leaves($"{key}__0", item))
                {
                    yield return leaf;
                }
            }
            else
            {
                foreach (var leaf in Leaves(key, propertyType))
                {
                    yield return leaf;
                }
            }
        }
    }

    [GeneratedRegex(@"(?m)^\| (?<key>[^|]+) \| (?<default>[^|]+) \| [^|]+ \|$")]
    private static partial Regex Row();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Code();

    /// <summary>A list's item written as <c>N</c>, inside a key or at its end.</summary>
    [GeneratedRegex("__N(?=__|$)")]
    private static partial Regex ItemN();
}
