using Newtonsoft.Json.Linq;
using ZscalerScim.Scim;
using Xunit;

namespace ZscalerScim.Tests;

public class ScimWireTests
{
    [Theory]
    [InlineData("plain@acme.example", "userName eq \"plain@acme.example\"")]
    [InlineData("quo\"te", "userName eq \"quo\\\"te\"")]
    [InlineData("back\\slash", "userName eq \"back\\\\slash\"")]
    public void EscapesFilterValues(string value, string expected)
    {
        Assert.Equal(expected, ScimWire.Eq("userName", value));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("False", false)]
    [InlineData("maybe", null)]
    public void ReadsStringBooleans(string text, bool? expected)
    {
        Assert.Equal(expected, ScimWire.Bool(new JValue(text)));
        Assert.True(ScimWire.Bool(new JValue(true)));
    }

    [Fact]
    public void CreatesUsersWithTheEnterpriseDepartmentAndAPrimaryWorkEmail()
    {
        JObject user = new UserFields { UserName = "a@acme.example", Email = "a@acme.example", Department = "IT", GivenName = "Ann" }.ToResource();
        Assert.Contains(ScimWire.EnterpriseUser, user["schemas"]!.Values<string>());
        Assert.Equal("IT", (string?)user[ScimWire.EnterpriseUser]!["department"]);
        Assert.Equal("work", (string?)user["emails"]![0]!["type"]);
        Assert.True((bool)user["emails"]![0]!["primary"]!);
        Assert.Equal("Ann", (string?)user["name"]!["givenName"]);
        Assert.True((bool)user["active"]!);
    }

    [Fact]
    public void ReadsBothBulkAndPlainCapabilities()
    {
        ScimCapabilities caps = ScimResources.Capabilities(JObject.Parse("""{"patch":{"supported":"true"},"bulk":{"supported":true,"maxOperations":100,"maxPayloadSize":1048576},"filter":{"supported":true,"maxResults":200},"etag":{"supported":false}}"""));
        Assert.True(caps.Patch);
        Assert.True(caps.Bulk);
        Assert.Equal(100, caps.BulkMaxOperations);
        Assert.Equal(200, caps.FilterMaxResults);
        Assert.False(caps.ETag);
    }
}
