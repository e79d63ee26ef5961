using System.Management.Automation;
using System.Security;
using System.Security.Cryptography;
using ZscalerScim.Internal;
using ZscalerScim.Session;
using Xunit;

namespace ZscalerScim.Tests;

/// <summary>Connect-Zia's parameters and environment variables to a checked request, before anything is sent.</summary>
public class ConnectRequestBuilderTests
{
    private const string ApiKey = "abcdefghijklmnop";

    private static SecureString Secret(string text) => SecretText.Protect(text);

    private static ConnectRequest Build(ConnectParameters parameters, Dictionary<string, string>? environment = null, List<string>? verbose = null) =>
        new ConnectRequestBuilder(
            name => environment is not null && environment.TryGetValue(name, out string? v) ? v : null,
            path => path,
            text => verbose?.Add(text)).Build(parameters);

    private static ZiaException Refused(ConnectParameters parameters, Dictionary<string, string>? environment = null) =>
        Assert.Throws<ZiaException>(() => Build(parameters, environment));

    [Fact]
    public void AnApiKeyAndACloudGiveTheLegacyApiOfThatCloud()
    {
        ConnectRequest request = Build(new ConnectParameters { Cloud = "zscalertwo", Credential = new PSCredential("admin@acme.com", Secret("pw")), ApiKey = Secret(ApiKey) });
        Assert.Equal(ZiaAuthType.ApiKey, request.AuthType);
        Assert.Equal("https://zsapi.zscalertwo.net/api/v1/", request.Endpoints.Api.ToString());
        Assert.Equal("admin@acme.com", request.Credential!.UserName);
    }

    [Fact]
    public void TakesTheCloudFromAnAdminPortalHost()
    {
        ConnectRequest request = Build(new ConnectParameters { Cloud = "admin.zscalertwo.net", Credential = new PSCredential("admin@acme.com", Secret("pw")), ApiKey = Secret(ApiKey) });
        Assert.Equal("https://zsapi.zscalertwo.net/api/v1/", request.Endpoints.Api.ToString());
    }

    [Fact]
    public void AClientSecretGivesOneApiOfTheVanityDomain()
    {
        ConnectRequest request = Build(new ConnectParameters { VanityDomain = "acme", ClientId = "client-1", ClientSecret = Secret("s3cret") });
        Assert.Equal(ZiaAuthType.OneApiSecret, request.AuthType);
        Assert.Equal("https://acme.zslogin.net/oauth2/v1/token", request.Endpoints.TokenUri!.ToString());
    }

    [Fact]
    public void PemTextInPrivateKeyPathIsReadAsTheKey()
    {
        using RSA rsa = RSA.Create(2048);
        string pem = "-----BEGIN PRIVATE KEY-----\n" + Convert.ToBase64String(rsa.ExportPkcs8PrivateKey(), Base64FormattingOptions.InsertLineBreaks) + "\n-----END PRIVATE KEY-----\n";
        ConnectRequest request = Build(new ConnectParameters { VanityDomain = "acme", ClientId = "client-1", PrivateKeyPath = pem });
        Assert.Equal(ZiaAuthType.OneApiPrivateKey, request.AuthType);
        Assert.Equal(rsa.ExportParameters(false).Modulus, request.PrivateKey!.ExportParameters(false).Modulus);
    }

    [Fact]
    public void OneApiVariablesWinOverLegacyOnes()
    {
        List<string> verbose = new();
        ConnectRequest request = Build(new ConnectParameters(), new Dictionary<string, string>
        {
            ["ZSCALER_CLIENT_ID"] = "client-1",
            ["ZSCALER_VANITY_DOMAIN"] = "acme",
            ["ZSCALER_CLIENT_SECRET"] = "s3cret",
            ["ZIA_USERNAME"] = "admin@acme.com",
            ["ZIA_PASSWORD"] = "pw",
            ["ZIA_API_KEY"] = ApiKey,
            ["ZIA_CLOUD"] = "zscalertwo",
        }, verbose);
        Assert.Equal(ZiaAuthType.OneApiSecret, request.AuthType);
        Assert.Equal("client-1", request.ClientId);
        Assert.Contains(verbose, v => v.Contains("ZSCALER_*"));
    }

    [Fact]
    public void LegacyVariablesGiveAnApiKeySession()
    {
        ConnectRequest request = Build(new ConnectParameters(), new Dictionary<string, string>
        {
            ["ZIA_USERNAME"] = "admin@acme.com",
            ["ZIA_PASSWORD"] = "pw",
            ["ZIA_API_KEY"] = ApiKey,
            ["ZIA_CLOUD"] = "zscalerthree.net",
        });
        Assert.Equal(ZiaAuthType.ApiKey, request.AuthType);
        Assert.Equal("https://zsapi.zscalerthree.net/api/v1/", request.Endpoints.Api.ToString());
    }

    [Fact]
    public void NamesEveryMissingVariable()
    {
        ZiaException ex = Refused(new ConnectParameters(), new Dictionary<string, string> { ["ZIA_USERNAME"] = "admin@acme.com" });
        Assert.Equal("ZiaEnvironmentIncomplete", ex.ErrorId);
        Assert.Contains("ZIA_PASSWORD, ZIA_API_KEY, ZIA_CLOUD", ex.Message);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("abcdefgh ijklmnop")]
    [InlineData("abcdefghijklmnop\n")]
    public void RefusesAnApiKeyThatCannotBeOne(string key)
    {
        ZiaException ex = Refused(new ConnectParameters { Cloud = "zscalertwo", Credential = new PSCredential("a@acme.com", Secret("pw")), ApiKey = Secret(key) });
        Assert.Equal("ZiaInvalidApiKey", ex.ErrorId);
        Assert.Equal("ApiKey", ex.Target);
    }

    [Fact]
    public void NeverRepeatsAValueThatFailsACheck()
    {
        const string secret = "-----BEGIN PRIVATE KEY-----MIIsecretsecret";
        ZiaException cloud = Refused(new ConnectParameters { Cloud = secret, Credential = new PSCredential("a@acme.com", Secret("pw")), ApiKey = Secret(ApiKey) });
        ZiaException vanity = Refused(new ConnectParameters { VanityDomain = secret, ClientId = "client-1", ClientSecret = Secret("s") });
        ZiaException clientId = Refused(new ConnectParameters { VanityDomain = "acme", ClientId = secret, ClientSecret = Secret("s") });
        foreach (ZiaException ex in new[] { cloud, vanity, clientId })
        {
            Assert.DoesNotContain("secretsecret", ex.Message);
            Assert.DoesNotContain("secretsecret", $"{ex.Target}");
        }
        Assert.Equal(new[] { "ZiaUnknownCloud", "ZiaInvalidVanityDomain", "ZiaInvalidClientId" }, new[] { cloud.ErrorId, vanity.ErrorId, clientId.ErrorId });
    }

    [Fact]
    public void RefusesPlainHttpToAnotherHost()
    {
        ZiaException ex = Refused(new ConnectParameters { BaseUri = new Uri("http://zsapi.example.com"), Credential = new PSCredential("a@acme.com", Secret("pw")), ApiKey = Secret(ApiKey) });
        Assert.Equal("ZiaInsecureBaseUri", ex.ErrorId);
    }

    [Fact]
    public void AKeyFileThatIsNotThereIsNotFound()
    {
        ZiaException ex = Refused(new ConnectParameters { VanityDomain = "acme", ClientId = "client-1", PrivateKeyPath = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".pem") });
        Assert.Equal("ZiaPrivateKeyNotFound", ex.ErrorId);
    }
}
