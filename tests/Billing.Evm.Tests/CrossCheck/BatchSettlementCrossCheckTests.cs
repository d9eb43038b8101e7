using System.Globalization;
using System.Text.Json.Nodes;
using Billing.Evm.BatchSettlement;
using Billing.Evm.Eip712;

namespace Billing.Evm.Tests.CrossCheck;

/// <summary>
/// cast 1.7.1 has no eip712-hash command, so digests are compared through signatures: cast signs our typed-data JSON
/// (<c>cast wallet sign --data --from-file</c>), we sign our typed digest with the same key, and RFC 6979 makes the two
/// signatures equal exactly when the digests are equal.
/// </summary>
[Trait("Category", "CrossCheck")]
public sealed class BatchSettlementCrossCheckTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("evm-crosscheck-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public Task Voucher_digests_equal_cast() => CheckAsync(salt: 6, (random, domain) =>
    {
        var channelId = CrossCheckCases.Hash(random);
        var max = CrossCheckCases.UInt128Value(random);
        var json = TypedDataJson(domain, "Voucher", Types(("Voucher", BatchSettlementTypes.Voucher)), new JsonObject
        {
            ["channelId"] = channelId.ToString(),
            ["maxClaimableAmount"] = max.ToString(CultureInfo.InvariantCulture),
        });
        return (json, domain.VoucherDigest(channelId, max));
    });

    [Fact]
    public Task Channel_ids_equal_cast() => CheckAsync(salt: 7, (random, domain) =>
    {
        var config = new ChannelConfig(
            CrossCheckCases.Address(random), CrossCheckCases.Address(random), CrossCheckCases.Address(random),
            CrossCheckCases.Address(random), CrossCheckCases.Address(random), (ulong)random.NextInt64(0, 1L << 40), CrossCheckCases.Hash(random));
        var json = TypedDataJson(domain, "ChannelConfig", Types(("ChannelConfig", BatchSettlementTypes.ChannelConfig)), new JsonObject
        {
            ["payer"] = config.Payer.ToString(),
            ["payerAuthorizer"] = config.PayerAuthorizer.ToString(),
            ["receiver"] = config.Receiver.ToString(),
            ["receiverAuthorizer"] = config.ReceiverAuthorizer.ToString(),
            ["token"] = config.Token.ToString(),
            ["withdrawDelay"] = config.WithdrawDelay,
            ["salt"] = config.Salt.ToString(),
        });
        return (json, domain.ChannelId(config));
    });

    [Fact]
    public Task Claim_batch_digests_equal_cast() => CheckAsync(salt: 8, (random, domain) =>
    {
        var entries = Enumerable.Range(0, random.Next(0, 6))
            .Select(_ => new ClaimEntry(CrossCheckCases.Hash(random), CrossCheckCases.UInt128Value(random), CrossCheckCases.UInt128Value(random)))
            .ToArray();
        var claims = new JsonArray(entries.Select(e => (JsonNode?)new JsonObject
        {
            ["channelId"] = e.ChannelId.ToString(),
            ["maxClaimableAmount"] = e.MaxClaimableAmount.ToString(CultureInfo.InvariantCulture),
            ["totalClaimed"] = e.TotalClaimed.ToString(CultureInfo.InvariantCulture),
        }).ToArray());
        var json = TypedDataJson(domain, "ClaimBatch",
            Types(("ClaimBatch", "ClaimBatch(ClaimEntry[] claims)"), ("ClaimEntry", BatchSettlementTypes.ClaimEntry)),
            new JsonObject { ["claims"] = claims });
        return (json, domain.ClaimBatchDigest(entries));
    });

    private async Task CheckAsync(int salt, Func<Random, BatchSettlementDomain, (string Json, Hash32 Digest)> makeCase)
    {
        var random = CrossCheckCases.NewRandom(salt);
        using var key = PrivateKey.FromBytes(SigningCrossCheckTests.ValidScalar(random));
        var cases = Enumerable.Range(0, CrossCheckCases.Count).Select(i =>
        {
            var domain = new BatchSettlementDomain((ulong)random.NextInt64(1, long.MaxValue), CrossCheckCases.Address(random));
            var (json, digest) = makeCase(random, domain);
            var path = Path.Combine(_directory, $"{salt}-{i}.json");
            File.WriteAllText(path, json);
            return (Path: path, Json: json, Digest: digest);
        }).ToArray();

        // Our JSON path must agree with our typed path before cast is asked.
        foreach (var c in cases)
        {
            Assert.Equal(c.Digest, TypedData.Parse(c.Json).Digest());
        }

        var expected = await Cast.RunAllAsync(cases.Select(c =>
            (IReadOnlyList<string>)["wallet", "sign", "--data", "--from-file", c.Path, "--private-key", SigningCrossCheckTests.SecretHex(key)]));
        var actual = cases.Select(c => Hex.Encode(Secp256k1.Default.Sign(c.Digest.AsSpan(), key))).ToArray();
        CrossCheckCases.AssertAllEqual(expected, actual, i => cases[i].Json);
    }

    private static JsonObject Types(params (string Name, string TypeString)[] types)
    {
        var result = new JsonObject
        {
            ["EIP712Domain"] = Members(Eip712Domain.TypeString),
        };
        foreach (var (name, typeString) in types)
        {
            result[name] = Members(typeString);
        }

        return result;
    }

    // "Voucher(bytes32 channelId,uint128 maxClaimableAmount)" → [{name, type}, …] (first struct of the string only).
    private static JsonArray Members(string typeString)
    {
        var open = typeString.IndexOf('(', StringComparison.Ordinal);
        var close = typeString.IndexOf(')', StringComparison.Ordinal);
        return new JsonArray(typeString[(open + 1)..close].Split(',').Select(member =>
        {
            var parts = member.Split(' ');
            return (JsonNode?)new JsonObject { ["name"] = parts[1], ["type"] = parts[0] };
        }).ToArray());
    }

    private static string TypedDataJson(BatchSettlementDomain domain, string primaryType, JsonObject types, JsonObject message) => new JsonObject
    {
        ["types"] = types,
        ["primaryType"] = primaryType,
        ["domain"] = new JsonObject
        {
            ["name"] = domain.Domain.Name,
            ["version"] = domain.Domain.Version,
            ["chainId"] = domain.ChainId.ToString(CultureInfo.InvariantCulture),
            ["verifyingContract"] = domain.SettlementContract.ToString(),
        },
        ["message"] = message,
    }.ToJsonString();
}
