using System;
using Newtonsoft.Json.Linq;
using ZscalerScim.Scim;
using ZscalerScim.ZIdentity;
using Xunit;

namespace ZscalerScim.Tests;

public class ZIdentityTests
{
    [Theory]
    [InlineData("https://scim.zscalertwo.net/24326813/71234/scim", ScimServerKind.Zia)]
    [InlineData("https://scim.zscalertwo.net/24326813/scim", ScimServerKind.Zia)]
    [InlineData("http://127.0.0.1:5000/24326813/71234/scim/", ScimServerKind.Zia)]
    [InlineData("https://acme.zslogin.net/scim/h1gkrvmic07od", ScimServerKind.ZIdentity)]
    [InlineData("http://127.0.0.1:5000/scim/h1gkrvmic07od", ScimServerKind.ZIdentity)]
    [InlineData("https://acme.zslogin.net/other/path", ScimServerKind.ZIdentity)]
    [InlineData("https://scim.example.com/v2", ScimServerKind.Zia)]
    [InlineData("https://idp.example.com/scim/v2", ScimServerKind.Unknown)]
    [InlineData("http://127.0.0.1:5000/v2/scim", ScimServerKind.Unknown)]
    public void RecognisesTheServerFromTheUrlsForm(string url, ScimServerKind expected)
    {
        Assert.Equal(expected, ScimEndpointForm.KindOf(new Uri(url)));
    }

    [Theory]
    [InlineData("https://help.zscaler.com/zidentity/scim-api-examples", ScimServerKind.ZIdentity)]
    [InlineData("https://help.zscaler.com/zia/understanding-scim", ScimServerKind.Zia)]
    [InlineData("https://example.com/zia/docs", null)]
    public void LetsServiceProviderConfigSayWhichServerItIs(string documentationUri, ScimServerKind? expected)
    {
        Assert.Equal(expected, ScimEndpointForm.FromConfig(new JObject { ["documentationUri"] = documentationUri }));
        Assert.Null(ScimEndpointForm.FromConfig(new JObject()));
    }

    [Theory]
    [InlineData("Dynamic Group Registered Domains", true)]
    [InlineData("Zscaler Global Administrators", true)]
    [InlineData("Sales", false)]
    public void KnowsTheGroupsZIdentityManages(string name, bool managed)
    {
        Assert.Equal(managed, ZIdentityWire.IsManagedGroupName(name));
    }

    [Fact]
    public void ReadsEntitlementsInEitherShape()
    {
        Assert.Equal(new[] { "ZIA" }, ZIdentityApi.ServiceNames(JArray.Parse("[{\"service\":{\"serviceName\":\"ZIA\"},\"roles\":[]}]")));
        Assert.Equal(new[] { "ZIA", "ZPA" }, ZIdentityApi.ServiceNames(JArray.Parse("[{\"serviceName\":\"ZIA\"},{\"serviceName\":\"ZPA\"}]")));
        Assert.Equal(new[] { "ZIA" }, ZIdentityApi.ServiceNames(JObject.Parse("{\"serviceName\":\"ZIA\"}")));
        Assert.Empty(ZIdentityApi.ServiceNames(new JArray()));
        Assert.Throws<Internal.ZiaException>(() => ZIdentityApi.ServiceNames(new JValue("x")));
    }
}
