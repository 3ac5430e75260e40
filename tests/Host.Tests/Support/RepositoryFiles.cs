namespace Zzut.Workflows.Host.Tests.Support;

/// <summary>Files of the repository the tests read (found by walking up to ZzutWorkflows.sln).</summary>
public static class RepositoryFiles
{
    /// <summary>The repository's root folder.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>A path under the root, from forward-slash segments.</summary>
    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ZzutWorkflows.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ZzutWorkflows.sln not found above " + TestContext.CurrentContext.TestDirectory);
    }
}
