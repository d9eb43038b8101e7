namespace Billing.IntegrationTests.Interop;

/// <summary>The checkout the tests run from: the nearest directory above the test binaries that holds Billing.sln.</summary>
internal static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Locate);

    public static string Path => Root.Value;

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Billing.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Billing.sln above {AppContext.BaseDirectory}: run the tests from the repository.");
    }
}
