using System.Globalization;
using System.Net;
using System.Numerics;
using Billing.Cli.LocalChain;
using Billing.Evm;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Eip712;
using Billing.Evm.Rpc;
using Billing.IntegrationTests.Fixtures;
using Billing.X402.BatchSettlement;
using Billing.X402.Http;
using Billing.X402.Wire;
using EvmChannelConfig = Billing.Evm.BatchSettlement.ChannelConfig;

namespace Billing.IntegrationTests.Deposits;

/// <summary>
/// A payer with tokens but no channel pays its first request with a deposit payload: the server, as its own facilitator,
/// verifies the ERC-3009 authorization, deposits through the collector, and charges the voucher against the new escrow.
/// </summary>
[Collection(LocalChainCollection.Name)]
public sealed class Erc3009DepositTests(LocalChainFixture chain) : IAsyncLifetime
{
    private const ulong Price = 1_000;
    private const ulong DepositAmount = 10_000;
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("billing-deposit-").FullName;
    private readonly HttpClient _http = new();
    private readonly PrivateKey _payer = PrivateKey.FromHex(AnvilNode.DevelopmentKeys[4]);
    private LocalServer _server = null!;
    private PaymentRequirements _offer = null!;

    public async Task InitializeAsync()
    {
        var minter = await TransactionSender.CreateAsync(chain.Rpc, chain.Minter);
        await minter.SendAndWaitAsync(new TransactionRequest(Address.Parse(chain.Deployment.Token), Erc20Token.EncodeMint(_payer.Address, 1_000_000)));
        _server = await LocalServer.StartAsync(new LocalServerSettings(
            chain.Deployment, chain.RpcUrl, chain.Receiver.Address.ToString(), chain.ReceiverAuthorizerKey, _dataFolder, Price));
        using var unpaid = await _http.GetAsync(new Uri(_server.BaseAddress, "/v1/fortune"));
        _offer = X402Responses.PaymentRequired(unpaid).Accepts.Single();
    }

    [Fact]
    public async Task A_first_request_with_a_deposit_opens_the_channel_and_is_charged()
    {
        var config = Config();
        var header = DepositHeader(config, DateTimeOffset.UtcNow.AddMinutes(5), RandomUint());

        using var response = await SendAsync(header);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.TryGetValues(X402Headers.PaymentResponse, out var values));
        var receipt = PaymentHeaderCodec.Default.DecodePaymentResponse(values.Single()).Value;
        Assert.True(receipt.Success);
        Assert.StartsWith("0x", receipt.Transaction, StringComparison.Ordinal);
        Assert.Equal(66, receipt.Transaction.Length);
        Assert.Equal("10000", receipt.Amount);
        var extra = BatchSettlementExtra.ReadResponseExtra(receipt).Value;
        Assert.Equal("1000", extra.ChargedAmount);
        Assert.Equal("10000", extra.ChannelState!.Balance);
        var onChain = await chain.Contract.GetChannelAsync(chain.Domain.ChannelId(config));
        Assert.Equal((UInt128)DepositAmount, onChain.Balance);
    }

    [Fact]
    public async Task A_replayed_deposit_authorization_is_refused_and_moves_nothing()
    {
        var config = Config();
        var validBefore = DateTimeOffset.UtcNow.AddMinutes(5);
        var salt = RandomUint();
        using (var first = await SendAsync(DepositHeader(config, validBefore, salt)))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var payerBalance = await new Erc20Token(chain.Rpc, config.Token).BalanceOfAsync(_payer.Address);

        // The same authorization again, with the voucher the channel now expects: only the chain knows it was used.
        using var replay = await SendAsync(DepositHeader(config, validBefore, salt, voucher: 2 * Price));

        Assert.Equal(HttpStatusCode.PaymentRequired, replay.StatusCode);
        Assert.Equal("invalid_batch_settlement_evm_deposit_simulation_failed", X402Responses.PaymentRequired(replay).Error);
        Assert.Equal((UInt128)DepositAmount, (await chain.Contract.GetChannelAsync(chain.Domain.ChannelId(config))).Balance);
        Assert.Equal(payerBalance, await new Erc20Token(chain.Rpc, config.Token).BalanceOfAsync(_payer.Address));
    }

    [Fact]
    public async Task An_expired_deposit_authorization_is_refused_and_moves_nothing()
    {
        var config = Config();
        var header = DepositHeader(config, DateTimeOffset.UtcNow.AddSeconds(2), RandomUint());

        using var response = await SendAsync(header);

        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        Assert.Equal("invalid_batch_settlement_evm_payload_authorization_valid_before", X402Responses.PaymentRequired(response).Error);
        Assert.Equal(UInt128.Zero, (await chain.Contract.GetChannelAsync(chain.Domain.ChannelId(config))).Balance);
    }

    [Fact]
    public async Task A_deposit_authorization_signed_by_someone_else_is_refused_and_moves_nothing()
    {
        var config = Config();
        using var stranger = PrivateKey.Generate();
        var header = DepositHeader(config, DateTimeOffset.UtcNow.AddMinutes(5), RandomUint(), authorizationSigner: stranger);

        using var response = await SendAsync(header);

        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        Assert.Equal("invalid_batch_settlement_evm_receive_authorization_signature", X402Responses.PaymentRequired(response).Error);
        Assert.Equal(UInt128.Zero, (await chain.Contract.GetChannelAsync(chain.Domain.ChannelId(config))).Balance);
    }

    private EvmChannelConfig Config() => new(
        _payer.Address, _payer.Address, chain.Receiver.Address, chain.ReceiverAuthorizer.Address,
        Address.Parse(chain.Deployment.Token), 900, LocalChainFixture.RandomSalt());

    private static BigInteger RandomUint() =>
        new(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), isUnsigned: true, isBigEndian: true);

    private string DepositHeader(EvmChannelConfig config, DateTimeOffset validBefore, BigInteger salt, PrivateKey? authorizationSigner = null, ulong voucher = Price)
    {
        var channelId = chain.Domain.ChannelId(config);
        var voucherSignature = Secp256k1.Default.Sign(chain.Domain.VoucherDigest(channelId, voucher).AsSpan(), _payer);
        var authorization = new Erc3009Authorization(
            _payer.Address, Address.Parse(chain.Deployment.Erc3009DepositCollector), DepositAmount, 0, validBefore.ToUnixTimeSeconds(), Erc3009.DepositNonce(channelId, salt));
        var tokenDomain = new Eip712Domain(chain.Deployment.TokenName, chain.Deployment.TokenVersion, chain.Deployment.ChainId, config.Token);
        var authorizationSignature = Secp256k1.Default.Sign(Erc3009.ReceiveWithAuthorizationDigest(tokenDomain, authorization).AsSpan(), authorizationSigner ?? _payer);
        var saltBytes = salt.ToByteArray(isUnsigned: true, isBigEndian: true);
        var payload = new DepositPayload
        {
            ChannelConfig = WireConfigs.From(config),
            Voucher = new SignedVoucher
            {
                ChannelId = channelId.ToString(),
                MaxClaimableAmount = voucher.ToString(CultureInfo.InvariantCulture),
                Signature = Hex.Encode(voucherSignature),
            },
            Deposit = new ChannelDeposit
            {
                Amount = DepositAmount.ToString(CultureInfo.InvariantCulture),
                Authorization = new DepositAuthorization
                {
                    Erc3009Authorization = new Erc3009DepositAuthorization
                    {
                        ValidAfter = "0",
                        ValidBefore = validBefore.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                        Salt = Hex.Encode(new byte[32 - saltBytes.Length].Concat(saltBytes).ToArray()),
                        Signature = Hex.Encode(authorizationSignature),
                    },
                },
            },
        };
        return PaymentHeaderCodec.Default.EncodePaymentSignature(new PaymentPayload
        {
            X402Version = 2,
            Accepted = _offer,
            Payload = BatchSettlementPayloadReader.ToJsonElement(payload),
        });
    }

    private async Task<HttpResponseMessage> SendAsync(string header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_server.BaseAddress, "/v1/fortune"));
        request.Headers.TryAddWithoutValidation(X402Headers.PaymentSignature, header);
        return await _http.SendAsync(request);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _http.Dispose();
        Directory.Delete(_dataFolder, recursive: true);
    }
}
