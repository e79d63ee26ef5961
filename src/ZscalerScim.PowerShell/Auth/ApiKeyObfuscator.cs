using System;
using System.Globalization;
using System.Text;

namespace ZscalerScim.Auth;

/// <summary>ZIA's legacy login never sends the API key itself, only this timestamp-keyed selection of its characters.</summary>
internal static class ApiKeyObfuscator
{
    public const int MinimumKeyLength = 12;

    public static string Timestamp(DateTimeOffset now) => now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    public static string Obfuscate(string apiKey, string timestamp)
    {
        if (apiKey.Length < MinimumKeyLength)
        {
            throw new ArgumentException($"The API key must have at least {MinimumKeyLength} characters.", nameof(apiKey));
        }
        string high = timestamp.Substring(timestamp.Length - 6);
        string low = (int.Parse(high, CultureInfo.InvariantCulture) >> 1).ToString("D6", CultureInfo.InvariantCulture);
        StringBuilder key = new(12);
        foreach (char digit in high)
        {
            key.Append(apiKey[digit - '0']);
        }
        foreach (char digit in low)
        {
            key.Append(apiKey[digit - '0' + 2]);
        }
        return key.ToString();
    }
}
