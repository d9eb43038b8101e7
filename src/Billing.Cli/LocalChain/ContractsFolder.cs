namespace Billing.Cli.LocalChain;

/// <summary>Finds the repository's Foundry project and the npm-installed toolchain inside it.</summary>
public sealed class ContractsFolder
{
    private ContractsFolder(string path) => Path = path;

    public string Path { get; }

    public string Tool(string name) => System.IO.Path.Combine(Path, "node_modules", ".bin", name);

    /// <summary>Looks for contracts/foundry.toml above the working directory, then above the program's own folder.</summary>
    public static ContractsFolder Locate(string? explicitPath = null)
    {
        if (explicitPath is not null)
        {
            return FromCandidate(explicitPath) ?? throw new DirectoryNotFoundException($"No foundry.toml in '{explicitPath}'.");
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (FromCandidate(System.IO.Path.Combine(dir.FullName, "contracts")) is { } found)
                {
                    return found;
                }
            }
        }

        throw new DirectoryNotFoundException(
            "Could not find the contracts/ folder (with foundry.toml) above the current directory. Run from the repository, or pass --contracts.");
    }

    private static ContractsFolder? FromCandidate(string path)
    {
        if (!File.Exists(System.IO.Path.Combine(path, "foundry.toml")))
        {
            return null;
        }

        var folder = new ContractsFolder(System.IO.Path.GetFullPath(path));
        if (!File.Exists(folder.Tool("anvil")) || !File.Exists(folder.Tool("forge")))
        {
            throw new FileNotFoundException(
                $"The contract toolchain is not installed in {folder.Path}/node_modules. Run scripts/setup first.");
        }

        return folder;
    }
}
