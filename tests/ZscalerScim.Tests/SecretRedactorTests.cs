using Newtonsoft.Json.Linq;
using ZscalerScim.Http;
using Xunit;

namespace ZscalerScim.Tests;

public class SecretRedactorTests
{
    [Fact]
    public void HidesSecretFieldsAtAnyDepthAndKeepsTheRest()
    {
        JObject body = JObject.Parse("""{"username":"admin@acme.example","password":"p@ss","apiKey":"abcdefghijkl","idp":{"scimSharedSecret":"tok","name":"Okta"}}""");
        string text = SecretRedactor.Json(body);
        Assert.DoesNotContain("p@ss", text);
        Assert.DoesNotContain("abcdefghijkl", text);
        Assert.DoesNotContain("\"tok\"", text);
        Assert.Contains("admin@acme.example", text);
        Assert.Contains("Okta", text);
        Assert.Equal("p@ss", (string?)body["password"]);
    }

    [Fact]
    public void HidesFormSecrets()
    {
        string text = SecretRedactor.Form(new[] { new KeyValuePair<string, string>("client_id", "c1"), new KeyValuePair<string, string>("client_secret", "s3cr3t") });
        Assert.Contains("client_id=c1", text);
        Assert.DoesNotContain("s3cr3t", text);
    }

    [Fact]
    public void ShowsNonJsonBodiesOnlyByLength()
    {
        Assert.Equal("(22 characters, not JSON)", SecretRedactor.Body("<html>token=abc</html>"));
    }
}
