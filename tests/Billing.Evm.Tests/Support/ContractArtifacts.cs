using System.Text.Json;

namespace Billing.Evm.Tests.Support;

/// <summary>Creation bytecode from the Foundry build in contracts/out (made by scripts/setup's <c>forge build</c>).</summary>
internal static class ContractArtifacts
{
    public static string PathOf(string contract) =>
        System.IO.Path.Combine(RepositoryRoot.Path, "contracts", "out", contract + ".sol", contract + ".json");

    public static bool Exist(params string[] contracts) => contracts.All(c => File.Exists(PathOf(c)));

    public static byte[] Bytecode(string contract)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(PathOf(contract)));
        return Hex.Decode(document.RootElement.GetProperty("bytecode").GetProperty("object").GetString()!);
    }
}

/// <summary>
/// A fact that needs the compiled contracts. They belong to another part of the repository and are built by
/// scripts/setup; without them the test is skipped with that hint rather than failing this project's suite.
/// </summary>
public sealed class ContractsBuiltFactAttribute : FactAttribute
{
    public ContractsBuiltFactAttribute()
    {
        if (!ContractArtifacts.Exist("BatchSettlement", "TestUsdc", "ERC3009DepositCollector"))
        {
            Skip = "contracts/out is missing: run scripts/setup (forge build) to run the tests against the real contracts.";
        }
    }
}
