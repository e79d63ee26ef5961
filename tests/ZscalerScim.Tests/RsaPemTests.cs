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
