using ZscalerScim.Auth;
using Xunit;

namespace ZscalerScim.Tests;

public class ApiKeyObfuscatorTests
{
    [Fact]
    public void SelectsKeyCharactersByTheTimestampDigits()
    {
        // high = 123456 -> key[1..6] = "bcdefg"; low = 123456 >> 1 = 061728 -> key[d+2] = "cidjek".
        Assert.Equal("bcdefgcidjek", ApiKeyObfuscator.Obfuscate("abcdefghijkl", "1700000123456"));
    }

    [Fact]
    public void PadsTheLowHalfToSixDigits()
    {
        // high = 000010 -> "aaaaba"; low = 5 -> "000005" -> key[2] x5, key[7].
        Assert.Equal("aaaabaccccch", ApiKeyObfuscator.Obfuscate("abcdefghijkl", "1700000000010"));
    }

    [Fact]
    public void RefusesKeysShorterThanTwelveCharacters()
    {
        Assert.Throws<ArgumentException>(() => ApiKeyObfuscator.Obfuscate("abcdefghijk", "1700000123456"));
    }

    [Fact]
    public void TimestampIsEpochMilliseconds()
    {
        Assert.Equal("1700000000123", ApiKeyObfuscator.Timestamp(DateTimeOffset.FromUnixTimeMilliseconds(1700000000123)));
    }
}
