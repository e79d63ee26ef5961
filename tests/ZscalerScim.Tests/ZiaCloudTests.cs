using ZscalerScim.Session;
using Xunit;

namespace ZscalerScim.Tests;

public class ZiaCloudTests
{
    [Theory]
    [InlineData("zscalertwo", "https://zsapi.zscalertwo.net/api/v1/status", "https://admin.zscalertwo.net/zsapi/v1/idpConfig", "https://scim.zscalertwo.net/")]
    [InlineData("zspreview", "https://admin.zspreview.net/api/v1/status", "https://admin.zspreview.net/zsapi/v1/idpConfig", "https://scim.zspreview.net/")]
    public void MapsApiKeyCloudsToTheirHosts(string cloud, string status, string idps, string scim)
    {
        ZiaEndpoints e = ZiaCloud.ForApiKey(cloud);
        Assert.Equal(status, new Uri(e.Api, "status").ToString());
        Assert.Equal(idps, new Uri(e.PortalApi!, "idpConfig").ToString());
        Assert.Equal(scim, e.ScimHost!.ToString());
    }

    [Fact]
    public void MapsOneApiToTheVanityLoginHostAndTheSharedApiHost()
    {
        ZiaEndpoints prod = ZiaCloud.ForOneApi("acme", beta: false);
        Assert.Equal("https://acme.zslogin.net/oauth2/v1/token", prod.TokenUri!.ToString());
        Assert.Equal("https://api.zsapi.net/zia/api/v1/status", new Uri(prod.Api, "status").ToString());
        ZiaEndpoints beta = ZiaCloud.ForOneApi("acme", beta: true);
        Assert.Equal("https://acme.zsloginbeta.net/oauth2/v1/token", beta.TokenUri!.ToString());
        Assert.Equal("https://api.beta.zsapi.net/zia/api/v1/", beta.Api.ToString());
    }

    [Fact]
    public void OneOriginServesEveryEndpointAtTheRealPaths()
    {
        ZiaEndpoints e = ZiaCloud.ForOrigin(new Uri("http://127.0.0.1:5000/ignored/path"), oneApi: false);
        Assert.Equal("http://127.0.0.1:5000/api/v1/", e.Api.ToString());
        Assert.Equal("http://127.0.0.1:5000/zsapi/v1/", e.PortalApi!.ToString());
        ZiaEndpoints o = ZiaCloud.ForOrigin(new Uri("http://127.0.0.1:5000"), oneApi: true);
        Assert.Equal("http://127.0.0.1:5000/zia/api/v1/", o.Api.ToString());
        Assert.Equal("http://127.0.0.1:5000/oauth2/v1/token", o.TokenUri!.ToString());
    }

    [Theory]
    [InlineData("zscalertwo", true)]
    [InlineData("ZscalerTwo.net", true)]
    [InlineData("zscalerfour", false)]
    [InlineData("", false)]
    public void KnowsTheCloudNames(string name, bool known)
    {
        Assert.Equal(known, ZiaCloud.TryNormalize(name, out _));
    }

    [Theory]
    [InlineData("zscalertwo")]
    [InlineData("ZscalerTwo.net")]
    [InlineData("admin.zscalertwo.net")]
    [InlineData("https://admin.zscalertwo.net/")]
    [InlineData("zsapi.zscalertwo.net")]
    public void TakesTheCloudFromItsNameOrAnAdminPortalHost(string value)
    {
        Assert.True(ZiaCloud.TryNormalize(value, out string cloud));
        Assert.Equal("zscalertwo", cloud);
    }

    [Theory]
    [InlineData("admin.example.net")]
    [InlineData("zscalertwo.com")]
    [InlineData("")]
    public void RefusesWhatIsNoZscalerCloud(string value) => Assert.False(ZiaCloud.TryNormalize(value, out _));
}
