using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests.WebUi;

/// <summary>
/// The committed bundle under src/Host/wwwroot matches its sources under src/Host/ClientApp: build.mjs records the
/// SHA-256 of every source and every output in bundle-manifest.json; a source changed (or added, or removed) since the
/// last build, or an output edited by hand or left over, fails here with the command that rebuilds.
/// </summary>
public sealed class BundleManifestTests
{
    private const string Rebuild = "Rebuild the web UI with scripts/build-ui.sh and commit src/Host/wwwroot and src/Host/ClientApp/bundle-manifest.json.";

    private static readonly string ClientApp = RepositoryFiles.PathOf("src/Host/ClientApp");
    private static readonly string WebRoot = RepositoryFiles.PathOf("src/Host/wwwroot");

    [Test]
    public void TheCommittedBundleWasBuiltFromTheCurrentSources()
    {
        var recorded = Manifest()["sources"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
        var actual = Hashes(ClientApp, name => name is not ("node_modules" or "bundle-manifest.json"), text: true);
        Assert.That(recorded.Keys, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (var (file, hash) in actual)
            {
                Assert.That(recorded.GetValueOrDefault(file), Is.EqualTo(hash), $"ClientApp/{file} changed since the bundle was built. {Rebuild}");
            }

            Assert.That(recorded.Keys.Except(actual.Keys), Is.Empty, $"sources removed since the bundle was built. {Rebuild}");
        });
    }

    [Test]
    public void TheFilesUnderWwwrootAreExactlyTheBuildsOutputs()
    {
        var recorded = Manifest()["outputs"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
        var actual = Hashes(WebRoot, _ => true, text: false);
        Assert.That(recorded.Keys, Does.Contain("shell.html").And.Contain("favicon.ico"));
        Assert.That(actual, Is.EquivalentTo(recorded), $"wwwroot differs from what the build wrote. {Rebuild}");
    }

    [Test]
    public void TheShellReferencesFingerprintedAssetsThatExist()
    {
        var shell = File.ReadAllText(Path.Combine(WebRoot, "shell.html"));
        var references = System.Text.RegularExpressions.Regex.Matches(shell, "(?:href|src)=\"(/assets/[^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.That(references, Has.Count.EqualTo(2), "the entry script and its style sheet");
        foreach (var reference in references)
        {
            Assert.That(reference, Does.Match(@"^/assets/app-[A-Z0-9]{8}\.(js|css)$"), "named by content");
            Assert.That(File.Exists(Path.Combine(WebRoot, reference.TrimStart('/'))), Is.True, reference);
        }
    }

    private static JsonNode Manifest() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(ClientApp, "bundle-manifest.json")))!;

    /// <summary>SHA-256 of every file under a folder, keyed by relative path with '/', as build.mjs computes them.</summary>
    private static Dictionary<string, string> Hashes(string root, Func<string, bool> include, bool text)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        void Walk(DirectoryInfo folder)
        {
            foreach (var item in folder.EnumerateFileSystemInfos().Where(i => include(i.Name)))
            {
                if (item is DirectoryInfo sub)
                {
                    Walk(sub);
                    continue;
                }

                var bytes = File.ReadAllBytes(item.FullName);
                if (text)
                {
                    bytes = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace("\r\n", "\n", StringComparison.Ordinal));
                }

                found[Path.GetRelativePath(root, item.FullName).Replace(Path.DirectorySeparatorChar, '/')] = Convert.ToHexStringLower(SHA256.HashData(bytes));
            }
        }

        Walk(new DirectoryInfo(root));
        return found;
    }
}
