using Billing.Client.Channels;
using CsCheck;

namespace Billing.Client.Tests.Channels;

public sealed class DepositSizingTests
{
    [Fact]
    public void A_new_channel_gets_the_payees_min_deposit_when_it_covers_the_price()
    {
        Assert.Equal((UInt128)10_000, DepositSizing.Size(charged: 0, price: 1_000, balance: 0, minDeposit: 10_000, multiplier: 5, cap: null));
    }

    [Fact]
    public void A_min_deposit_below_the_price_is_ignored_for_the_multiplier()
    {
        Assert.Equal((UInt128)5_000, DepositSizing.Size(charged: 0, price: 1_000, balance: 0, minDeposit: 999, multiplier: 5, cap: null));
        Assert.Equal((UInt128)3_000, DepositSizing.Size(charged: 0, price: 1_000, balance: 0, minDeposit: null, multiplier: 3, cap: null));
    }

    [Fact]
    public void A_top_up_covers_at_least_what_the_voucher_needs_beyond_the_balance()
    {
        // charged 9_500 + price 1_000 = 10_500 against 10_000: 500 needed, but the target of 5_000 is larger.
        Assert.Equal((UInt128)5_000, DepositSizing.Size(charged: 9_500, price: 1_000, balance: 10_000, minDeposit: null, multiplier: 5, cap: null));

        // A channel charged far beyond its last known balance needs more than the target.
        Assert.Equal((UInt128)41_000, DepositSizing.Size(charged: 50_000, price: 1_000, balance: 10_000, minDeposit: 2_000, multiplier: 5, cap: null));
    }

    [Fact]
    public void The_cap_trims_the_deposit_but_never_below_what_is_needed()
    {
        Assert.Equal((UInt128)4_000, DepositSizing.Size(charged: 0, price: 1_000, balance: 0, minDeposit: null, multiplier: 5, cap: 4_000));
        Assert.Equal((UInt128)1_000, DepositSizing.Size(charged: 0, price: 1_000, balance: 0, minDeposit: 999, multiplier: 5, cap: 1_000));
    }

    [Fact]
    public void A_cap_below_the_payees_minimum_deposit_gets_no_deposit_as_the_payee_would_refuse_it()
    {
        Assert.Null(DepositSizing.Size(charged: 0, price: 1_000, balance: 0, minDeposit: 10_000, multiplier: 5, cap: 9_999));
        Assert.Equal((UInt128)10_000, DepositSizing.Size(charged: 0, price: 1_000, balance: 0, minDeposit: 10_000, multiplier: 5, cap: 10_000));
    }

    [Fact]
    public void A_request_that_needs_more_than_the_cap_gets_no_deposit()
    {
        Assert.Null(DepositSizing.Size(charged: 0, price: 1_000, balance: 0, minDeposit: null, multiplier: 5, cap: 999));
        Assert.Null(DepositSizing.Size(charged: 0, price: 1, balance: 0, minDeposit: null, multiplier: 5, cap: 0));
    }

    [Fact]
    public void Amounts_at_the_top_of_uint128_saturate_instead_of_overflowing()
    {
        Assert.Null(DepositSizing.Size(charged: UInt128.MaxValue, price: 1, balance: 0, minDeposit: null, multiplier: 5, cap: null));
        Assert.Equal(UInt128.MaxValue, DepositSizing.Size(charged: 0, price: UInt128.MaxValue / 2, balance: 0, minDeposit: null, multiplier: 5, cap: null));
        Assert.Equal(UInt128.MaxValue, DepositSizing.DefaultCap(UInt128.MaxValue / 2, 5));
        Assert.Null(DepositSizing.DefaultCap(null, 5));
    }

    [Fact]
    public void A_deposit_always_covers_the_voucher_and_the_payees_minimum_and_never_exceeds_the_cap()
    {
        var amounts = Gen.ULong[0, 1_000_000];
        Gen.Select(amounts, Gen.ULong[1, 100_000], amounts, Gen.ULong[0, 2_000_000], Gen.Int[1, 20], Gen.ULong[0, 3_000_000])
            .Sample((charged, price, balance, minDeposit, multiplier, cap) =>
            {
                var deposit = DepositSizing.Size(charged, price, balance, minDeposit, multiplier, cap);
                var needed = charged + price > balance ? charged + price - balance : 0UL;
                var required = minDeposit >= price ? minDeposit : 0UL;
                if (needed > cap || cap == 0 || required > cap)
                {
                    return deposit is null;
                }

                return deposit is { } amount
                    && amount <= cap
                    && amount >= needed
                    && amount >= required
                    && (UInt128)balance + amount >= (UInt128)charged + price;
            });
    }
}
