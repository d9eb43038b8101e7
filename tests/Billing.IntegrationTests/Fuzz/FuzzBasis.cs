using System.Globalization;
using System.Net;
using Billing.Cli.LocalChain;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Rpc;
using Billing.IntegrationTests.Fixtures;
using Billing.X402.Http;
using Billing.X402.Wire;

namespace Billing.IntegrationTests.Fuzz;

/// <summary>
/// The valid payments a fuzz run mutates, all against real state on the local chain: a funded channel with a ladder of
/// signed vouchers, a deposit that was executed once (so it can be replayed), a funded channel to ask refunds from, and
/// payments that are well-formed but must be refused (expired or future deposit windows, foreign signers, unfunded
/// channels, amounts no channel holds).
/// </summary>
internal sealed class FuzzBasis
{
    /// <summary>
    /// Refund amounts that must all be refused: signed, padded, leading zeros, exponent, empty, zero, past 2^128, or more
    /// than the refund channel's 1,000,000 units. A refund of a sensible amount is genuine and would move escrow.
    /// </summary>
    private static readonly string[] NonsenseRefundAmounts =
        ["0", "-1", "+5", "05", "1e3", "", " 5", "5 ", "340282366920938463463374607431768211456", "340282366920938463463374607431768211455", "1000000000000000000000"];

    private FuzzBasis(PaymentRequirements offer, FundedChannel vouchers, FundedChannel refunds, VoucherLadder ladder, UInt128 charged)
    {
        Offer = offer;
        Vouchers = vouchers;
        Refunds = refunds;
        Ladder = ladder;
        ChargedBefore = charged;
    }

    public PaymentRequirements Offer { get; }

    public UInt128 Price => UInt128.Parse(Offer.Amount, CultureInfo.InvariantCulture);

    /// <summary>The channel the ladder pays from; the only one any case may be charged on.</summary>
    public FundedChannel Vouchers { get; }

    /// <summary>A funded channel that is never charged, so a refund voucher for zero matches it; only nonsense amounts are asked.</summary>
    public FundedChannel Refunds { get; }

    public VoucherLadder Ladder { get; }

    /// <summary>The channel's charged total when the fuzz starts: one price, the setup deposit's voucher.</summary>
    public UInt128 ChargedBefore { get; }

    public List<(int Weight, BasePayment Payment)> RefusedBases { get; } = [];

    public FuzzTargets Targets { get; private set; } = null!;

    public static async Task<FuzzBasis> CreateAsync(LocalChainFixture chain, LocalServer server, int payerKeyIndex, int ladderLength)
    {
        using var http = new HttpClient();
        var fortune = new Uri(server.BaseAddress, "/v1/fortune");
        PaymentRequirements offer;
        using (var unpaid = await http.GetAsync(fortune))
        {
            offer = X402Responses.PaymentRequired(unpaid).Accepts.Single();
        }

        var price = UInt128.Parse(offer.Amount, CultureInfo.InvariantCulture);
        var topUp = 10 * price;
        var escrow = price * (UInt128)(ladderLength + 10);
        var vouchers = await chain.OpenChannelAsync(escrow, payerKeyIndex);
        var refunds = await chain.OpenChannelAsync(1_000_000, payerKeyIndex);
        var minter = await TransactionSender.CreateAsync(chain.Rpc, chain.Minter);

        // Twice the top-up, so a replay of the executed deposit is refused for its used authorization, not for want of tokens.
        await minter.SendAndWaitAsync(new TransactionRequest(Address.Parse(chain.Deployment.Token), Erc20Token.EncodeMint(vouchers.Payer.Address, 2 * topUp)));

        // The one deposit that really executes: a top-up of the voucher channel, paying its first price. Replayed later.
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var executed = PaymentHeaders.Deposit(
            chain.Deployment, chain.Domain, offer, vouchers.Config, vouchers.Payer, new DepositTerms(topUp, 0, now + 600, DepositTerms.RandomSalt(), price));
        using (var request = new HttpRequestMessage(HttpMethod.Get, fortune))
        {
            request.Headers.TryAddWithoutValidation(X402Headers.PaymentSignature, executed);
            using var deposited = await http.SendAsync(request);
            if (deposited.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"The setup deposit was refused ({(int)deposited.StatusCode}): {await deposited.Content.ReadAsStringAsync()}");
            }
        }

        var ladder = new VoucherLadder(price, price, ladderLength, amount => VoucherHeaders.Build(offer, chain.Domain, vouchers.Config, amount, vouchers.Payer));
        var basis = new FuzzBasis(offer, vouchers, refunds, ladder, price);
        basis.AddRefusedBases(chain, executed, now, topUp, balance: escrow + topUp);
        basis.Targets = FuzzTargets.For(offer, chain.Deployment.ChainId, chain.Minter.Address, [vouchers.Id, refunds.Id]);
        return basis;
    }

    private void AddRefusedBases(LocalChainFixture chain, string executedDeposit, long now, UInt128 topUp, UInt128 balance)
    {
        var domain = chain.Domain;
        var config = Vouchers.Config;
        var payer = Vouchers.Payer;
        var next = ChargedBefore + Price;
        using var stranger = PrivateKey.Generate();

        Voucher("voucher-by-a-stranger", 3, VoucherHeaders.Build(Offer, domain, config, next, stranger));
        Voucher("voucher-for-zero", 2, VoucherHeaders.Build(Offer, domain, config, UInt128.Zero, payer));
        Voucher("voucher-for-2^128-1", 2, VoucherHeaders.Build(Offer, domain, config, UInt128.MaxValue, payer));
        Voucher("voucher-above-the-balance", 2, VoucherHeaders.Build(Offer, domain, config, balance + 1, payer));
        Voucher("voucher-on-an-unfunded-channel", 3, VoucherHeaders.Build(Offer, domain, config with { Salt = LocalChainFixture.RandomSalt() }, Price, payer));
        Voucher("voucher-with-no-payer-authorizer", 3, VoucherHeaders.Build(Offer, domain, config with { PayerAuthorizer = Address.Zero }, Price, payer));

        Deposit("deposit-replayed", 3, executedDeposit);
        Deposit("deposit-expired", 2, PaymentHeaders.Deposit(chain.Deployment, domain, Offer, config, payer, new DepositTerms(topUp, 0, now - 600, DepositTerms.RandomSalt(), next)));
        Deposit("deposit-expiring-within-seconds", 1, PaymentHeaders.Deposit(chain.Deployment, domain, Offer, config, payer, new DepositTerms(topUp, 0, now + 3, DepositTerms.RandomSalt(), next)));
        Deposit("deposit-not-yet-valid", 2, PaymentHeaders.Deposit(chain.Deployment, domain, Offer, config, payer, new DepositTerms(topUp, now + 3_600, now + 7_200, DepositTerms.RandomSalt(), next)));
        Deposit("deposit-authorized-by-a-stranger", 2, PaymentHeaders.Deposit(chain.Deployment, domain, Offer, config, payer, new DepositTerms(topUp, 0, now + 3_600, DepositTerms.RandomSalt(), next), stranger));

        foreach (var amount in NonsenseRefundAmounts)
        {
            var header = PaymentHeaders.Refund(domain, Offer, Refunds.Config, Refunds.Payer, UInt128.Zero, amount);
            RefusedBases.Add((1, BasePayment.FromHeader($"refund-of-'{amount}'", PayloadKind.Refund, Expectation.Refused, header)));
        }
    }

    private void Voucher(string name, int weight, string header) =>
        RefusedBases.Add((weight, BasePayment.FromHeader(name, PayloadKind.Voucher, Expectation.Refused, header)));

    private void Deposit(string name, int weight, string header) =>
        RefusedBases.Add((weight, BasePayment.FromHeader(name, PayloadKind.Deposit, Expectation.Refused, header)));
}
