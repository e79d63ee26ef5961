using System.Globalization;
using System.Text;

namespace ZscalerScim.Emulator.Auth;

/// <summary>
/// The legacy login's API key obfuscation (reference, "Legacy authentication"): high = the last 6
/// digits of the timestamp, low = int(high) &gt;&gt; 1 zero-padded to 6 digits; the result is key[d]
/// for each digit d of high, then key[d + 2] for each digit d of low.
/// </summary>
public static class ApiKeyObfuscation
{
    /// <summary>The obfuscated key, or null when the timestamp or key cannot be used.</summary>
    public static string? Obfuscate(string apiKey, string timestamp)
    {
        if (timestamp.Length < 6 || !timestamp.All(char.IsAsciiDigit) || apiKey.Length < 12)
        {
            return null;
        }
        var high = timestamp[^6..];
        var low = (int.Parse(high, CultureInfo.InvariantCulture) >> 1).ToString("D6", CultureInfo.InvariantCulture);
        var result = new StringBuilder(12);
        foreach (var digit in high)
        {
            result.Append(apiKey[digit - '0']);
        }
        foreach (var digit in low)
        {
            result.Append(apiKey[digit - '0' + 2]);
        }
        return result.ToString();
    }
}
