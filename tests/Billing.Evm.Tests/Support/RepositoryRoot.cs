namespace Billing.Evm.Tests.Support;

/// <summary>Finds the checkout by walking up from the test binaries to the directory holding Billing.sln.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string ContractsBin(string tool) => System.IO.Path.Combine(Path, "contracts", "node_modules", ".bin", tool);

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Billing.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Billing.sln not found above " + AppContext.BaseDirectory);
    }
}
