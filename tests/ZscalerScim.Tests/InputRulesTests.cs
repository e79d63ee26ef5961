using System.Security;
using ZscalerScim.Http;
using ZscalerScim.Internal;
using ZscalerScim.Scim;
using Xunit;

namespace ZscalerScim.Tests;

/// <summary>The checks that keep bad input from being sent: resource ids, tokens, plain http and proxies.</summary>
public class InputRulesTests
{
    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("../Users")]
    [InlineData("a\\b")]
    [InlineData("a\nb")]
    [InlineData("a\0b")]
    public void RefusesIdsThatAreNotOneSegment(string id)
    {
        Assert.False(ScimClient.IsResourceId(id));
        ZiaException ex = Assert.Throws<ZiaException>(() => ScimClient.ResourcePath("Users", id));
        Assert.Equal("ScimInvalidId", ex.ErrorId);
    }

    [Theory]
    [InlineData("2c9f1a", "Users/2c9f1a")]
    [InlineData("...", "Users/...")]
    [InlineData(".hidden", "Users/.hidden")]
    [InlineData("a b?c#d%2e", "Users/a%20b%3Fc%23d%252e")]
    public void EscapesOtherIdsIntoOneSegment(string id, string path)
    {
        Assert.Equal(path, ScimClient.ResourcePath("Users", id));
        Uri root = new("https://scim.example/1/2/scim/");
        Assert.Equal("/1/2/scim/" + path, new Uri(root, path).AbsolutePath);
    }

    [Theory]
    [InlineData("abcDEF012345", true)]
    [InlineData("a+b/c=.-_~!", true)]
    [InlineData("", false)]
    [InlineData("abc def", false)]
    [InlineData("abc\r\nX-Injected: 1", false)]
    [InlineData("abc\0", false)]
    [InlineData("abc\t", false)]
    [InlineData("t\u00f6ken", false)]
    [InlineData("\u0442\u043e\u043a\u0435\u043d", false)]
    public void AcceptsOnlyVisibleAsciiAsAToken(string value, bool valid) =>
        Assert.Equal(valid, SecretText.IsToken(SecretText.Protect(value)));

    [Theory]
    [InlineData("https://zsapi.zscalertwo.net/", null, true)]
    [InlineData("https://zsapi.zscalertwo.net/", "http://proxy.acme.example:8080/", true)]
    [InlineData("http://127.0.0.1:5000/", null, true)]
    [InlineData("http://localhost:5000/", "http://127.0.0.1:3128/", true)]
    [InlineData("http://[::1]:5000/", "http://localhost:3128/", true)]
    [InlineData("http://127.0.0.1:5000/", "http://proxy.acme.example:8080/", false)]
    [InlineData("http://127.0.0.1:5000/", "https://proxy.acme.example:8443/", false)]
    [InlineData("http://127.0.0.1:5000/", "http://10.0.0.5:3128/", false)]
    [InlineData("http://zia.example.com/", null, false)]
    public void PlainHttpOnlyStaysOnThisMachine(string target, string? proxy, bool safe) =>
        Assert.Equal(safe, TransportRules.IsSafe(new Uri(target), proxy is null ? null : new Uri(proxy)));

    [Fact]
    public void ShowsAnAddressWithoutUserInfoPathOrQuery() =>
        Assert.Equal("http://proxy.acme.example:8080", TransportRules.Display(new Uri("http://user:secret@proxy.acme.example:8080/p?token=secret")));
}
