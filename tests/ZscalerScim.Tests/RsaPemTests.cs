using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json.Linq;
using ZscalerScim.Auth;
using Xunit;

namespace ZscalerScim.Tests;

public class RsaPemTests
{
    private static readonly RSA Key = RSA.Create(2048);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ReadsPkcs1AndPkcs8KeysThatSignLikeTheOriginal(bool pkcs8)
    {
        string pem = pkcs8 ? Key.ExportPkcs8PrivateKeyPem() : Key.ExportRSAPrivateKeyPem();
        using RSA read = RsaPem.Read(pem);
        byte[] data = Encoding.UTF8.GetBytes("sign me");
        byte[] signature = read.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        Assert.True(Key.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void RefusesEncryptedKeysWithAClearMessage()
    {
        string pem = Key.ExportEncryptedPkcs8PrivateKeyPem("pw", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000));
        FormatException ex = Assert.Throws<FormatException>(() => RsaPem.Read(pem));
        Assert.Contains("encrypted", ex.Message);
    }

    [Fact]
    public void RefusesNonRsaKeys()
    {
        using ECDsa ec = ECDsa.Create();
        Assert.Throws<FormatException>(() => RsaPem.Read(ec.ExportPkcs8PrivateKeyPem()));
    }

    private static string Pem(byte[] der, string label = "PRIVATE KEY") =>
        $"-----BEGIN {label}-----\n{Convert.ToBase64String(der, Base64FormattingOptions.InsertLineBreaks)}\n-----END {label}-----\n";

    [Theory]
    [InlineData(new byte[] { 0x30, 0x84, 0x7F, 0xFF, 0xFF, 0xFF })]          // declares 2 GB
    [InlineData(new byte[] { 0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF, 0x02 })]    // declares 4 GB
    [InlineData(new byte[] { 0x30, 0x85, 0x01, 0x00, 0x00, 0x00, 0x00 })]    // five length bytes
    [InlineData(new byte[] { 0x30, 0x80, 0x02, 0x01, 0x00, 0x00, 0x00 })]    // indefinite length
    [InlineData(new byte[] { 0x30, 0x82, 0x01 })]                            // length bytes cut off
    [InlineData(new byte[] { 0x30 })]                                        // no length at all
    [InlineData(new byte[] { 0x30, 0x03, 0x02, 0x05, 0x00 })]                // inner length past the outer end
    [InlineData(new byte[] { 0x30, 0x00 })]                                  // empty sequence
    [InlineData(new byte[] { })]
    public void RefusesDeclaredLengthsBeyondTheDataWithAFormatException(byte[] der)
    {
        Assert.Throws<FormatException>(() => RsaPem.Read(Pem(der)));
        Assert.Throws<FormatException>(() => RsaPem.Read(Pem(der, "RSA PRIVATE KEY")));
    }

    [Fact]
    public void RefusesEveryTruncationAndByteFlipOfARealKeyWithAFormatException()
    {
        byte[] der = Convert.FromBase64String(string.Concat(Key.ExportPkcs8PrivateKeyPem().Split('\n').Where(l => !l.StartsWith("-----"))));
        for (int length = 0; length < der.Length; length += length < 64 ? 1 : 97)
        {
            Assert.Throws<FormatException>(() => RsaPem.Read(Pem(der.Take(length).ToArray())));
        }
        Random random = new(7);
        for (int i = 0; i < 300; i++)
        {
            byte[] flipped = (byte[])der.Clone();
            // The structure lives in the first bytes (tags and lengths); flip there most of the time.
            int at = i % 3 == 0 ? random.Next(der.Length) : random.Next(Math.Min(40, der.Length));
            flipped[at] ^= (byte)(1 << random.Next(8));
            try
            {
                RsaPem.Read(Pem(flipped)).Dispose();
            }
            catch (FormatException)
            {
                // The only failure a caller must handle.
            }
        }
    }

    [Theory]
    [InlineData("-----BEGIN PRIVATE KEY-----END PRIVATE KEY-----")]
    [InlineData("-----END PRIVATE KEY-----\n-----BEGIN PRIVATE KEY-----\nMIIB\n")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nnot base64 at all!\n-----END PRIVATE KEY-----")]
    [InlineData("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC")]
    public void RefusesBrokenPemTextWithAFormatException(string pem) => Assert.Throws<FormatException>(() => RsaPem.Read(pem));

    [Fact]
    public void NeverQuotesTheKeyInItsMessages()
    {
        string pem = Key.ExportPkcs8PrivateKeyPem();
        string broken = pem.Replace("\n", "\n!", StringComparison.Ordinal);
        FormatException ex = Assert.Throws<FormatException>(() => RsaPem.Read(broken));
        Assert.DoesNotContain(pem.Split('\n')[1].Substring(0, 20), ex.Message);
    }

    [Fact]
    public void ClientAssertionIsAVerifiableRs256JwtWithZscalersClaims()
    {
        DateTimeOffset now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        string jwt = ClientAssertion.Create("client-1", Key, now);
        string[] parts = jwt.Split('.');
        Assert.Equal(3, parts.Length);
        Assert.True(Key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        JObject header = JObject.Parse(Encoding.UTF8.GetString(Base64Url(parts[0])));
        JObject claims = JObject.Parse(Encoding.UTF8.GetString(Base64Url(parts[1])));
        Assert.Equal("RS256", (string?)header["alg"]);
        Assert.Equal("client-1", (string?)claims["iss"]);
        Assert.Equal("client-1", (string?)claims["sub"]);
        Assert.Equal("https://api.zscaler.com", (string?)claims["aud"]);
        Assert.Equal(1_800_000_600, (long?)claims["exp"]);
        Assert.NotEqual((string?)claims["jti"], (string?)JObject.Parse(Encoding.UTF8.GetString(Base64Url(ClientAssertion.Create("client-1", Key, now).Split('.')[1])))["jti"]);
    }

    private static byte[] Base64Url(string s)
    {
        string b = s.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(b.PadRight(b.Length + (4 - b.Length % 4) % 4, '='));
    }
}
