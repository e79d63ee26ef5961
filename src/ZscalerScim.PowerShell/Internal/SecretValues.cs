using System;
using System.Collections.Generic;
using System.Linq;
using System.Security;
using System.Security.Cryptography;
using System.Text;

namespace ZscalerScim.Internal;

/// <summary>
/// Every secret the module has sent or received in this process (tokens, API keys, passwords, client secrets), so that
/// a message is cleared of them by value, whatever field a server echoed one in. The pipeline remembers each secret as
/// it passes; ZiaException messages and every Verbose, Debug and Warning line are redacted here. Kept as SecureString
/// (revealed only while a message is checked) and as a hash, so that each is added once.
/// </summary>
internal static class SecretValues
{
    public const string Hidden = "(hidden)";

    // Shorter values are no secrets anyone issues, and would hide ordinary words.
    private const int MinLength = 6;

    // Tokens renew hourly: an older one drops out first.
    private const int MaxKept = 256;

    private static readonly object Gate = new();
    private static readonly HashSet<string> Hashes = new(StringComparer.Ordinal);
    private static readonly LinkedList<(string Hash, SecureString Value)> Kept = new();

    public static void Remember(SecureString? secret)
    {
        if (secret is not null && secret.Length >= MinLength)
        {
            Remember(SecretText.Reveal(secret));
        }
    }

    public static void Remember(string? plain)
    {
        if (plain is null || plain.Length < MinLength)
        {
            return;
        }
        string hash;
        using (SHA256 sha = SHA256.Create())
        {
            hash = Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(plain)));
        }
        lock (Gate)
        {
            if (!Hashes.Add(hash))
            {
                return;
            }
            Kept.AddLast((hash, SecretText.Protect(plain)));
            if (Kept.Count > MaxKept)
            {
                Hashes.Remove(Kept.First!.Value.Hash);
                Kept.First.Value.Value.Dispose();
                Kept.RemoveFirst();
            }
        }
    }

    /// <summary>The text with every secret held, as it is or escaped as JSON or a URL would carry it, replaced by "(hidden)".</summary>
    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text) || text!.Length < MinLength)
        {
            return text ?? string.Empty;
        }
        string[] secrets;
        lock (Gate)
        {
            if (Kept.Count == 0)
            {
                return text;
            }
            secrets = Kept.Select(k => SecretText.Reveal(k.Value)).ToArray();
        }
        // The longest first: a secret that holds another is hidden whole.
        foreach (string secret in secrets.OrderByDescending(s => s.Length))
        {
            foreach (string form in new[] { secret, Uri.EscapeDataString(secret), Newtonsoft.Json.JsonConvert.ToString(secret).Trim('"') }.Distinct())
            {
                if (text.IndexOf(form, StringComparison.Ordinal) >= 0)
                {
                    text = text.Replace(form, Hidden);
                }
            }
        }
        return text;
    }
}
