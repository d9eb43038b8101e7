using System.Text.RegularExpressions;
using Billing.Cli.Commands;
using Billing.IntegrationTests.Interop;

namespace Billing.IntegrationTests.Demo;

/// <summary>The README's demo, run as <c>billing demo</c> runs it: it must stream paid completions and settle what it charged.</summary>
public sealed partial class DemoCommandTests : IDisposable
{
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("billing-demo-test-").FullName;

    [Fact]
    public async Task The_demo_streams_paid_completions_through_the_gateway_and_the_claim_equals_the_charges()
    {
        using var output = new StringWriter();
        var arguments = new DemoArguments(Requests: 5, Price: 1_000, Deposit: 1_000_000, Path.Combine(RepositoryRoot.Path, "contracts"), _dataFolder)
        {
            Completions = 2,
        };

        var exitCode = await DemoCommand.RunAsync(arguments, output, CancellationToken.None);

        var printed = output.ToString();
        Assert.True(exitCode == 0, printed);
        var charges = ChargeLine().Matches(printed);
        Assert.Equal(2, charges.Count);
        Assert.All(charges, c => Assert.NotEqual("0", c.Groups["completion"].Value));
        Assert.Contains("completions streamed   2", printed, StringComparison.Ordinal);
        var claimed = Regex.Match(printed, @"amount claimed \(chain\) (\d+) units").Groups[1].Value;
        Assert.Equal(Regex.Match(printed, @"amount charged\s+(\d+) units").Groups[1].Value, claimed);
        Assert.NotEqual("0", claimed);
    }

    public void Dispose() => Directory.Delete(_dataFolder, recursive: true);

    [GeneratedRegex(@"charged (?<charged>\d+) units: \d+ prompt \+ \d+ cached \+ (?<completion>\d+) completion tokens")]
    private static partial Regex ChargeLine();
}
