using Billing.Server.Operator;

namespace Billing.Cli.Commands;

/// <summary>"settle": asks a running server to claim what it charged and sweep it to the receiver.</summary>
public static class SettleCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        var i = Array.IndexOf(args, "--server");
        if (i < 0 || i + 1 >= args.Length)
        {
            output.WriteLine("usage: billing settle --server URL   (operator token in BILLING_OPERATOR_TOKEN)");
            return 2;
        }

        var token = new OperatorOptions().ResolveToken();
        if (string.IsNullOrEmpty(token))
        {
            output.WriteLine("Set BILLING_OPERATOR_TOKEN to the server's operator token.");
            return 2;
        }

        using var http = new HttpClient { BaseAddress = new Uri(args[i + 1]) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        using var response = await http.PostAsync(new Uri("/operator/settlement/run", UriKind.Relative), null, cancellationToken);
        output.WriteLine(await response.Content.ReadAsStringAsync(cancellationToken));
        return response.IsSuccessStatusCode ? 0 : 1;
    }
}
