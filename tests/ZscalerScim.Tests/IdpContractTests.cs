using System;
using System.Net.Http;
using Newtonsoft.Json.Linq;
using ZscalerScim.Entra;
using ZscalerScim.Http;
using ZscalerScim.Idp;
using ZscalerScim.Zia;
using Xunit;

namespace ZscalerScim.Tests;

/// <summary>The pure parts of the IdP side: base URL comparison, ZIA rule recognition, provision on demand's answer, Link paging.</summary>
public class IdpContractTests
{
    [Theory]
    [InlineData("https://scim.zscalertwo.net/24326813/71234/scim", true)]
    [InlineData("https://SCIM.zscalertwo.net/24326813/71234/scim/", true)]
    [InlineData("/24326813/71234/", true)]
    [InlineData("https://scim.zscalertwo.net/24326813/99999/scim", false)]
    [InlineData("/24326813/99999/", false)]
    [InlineData(null, false)]
    public void ComparesAnIdpsBaseUrlWithZias(string? held, bool same) =>
        Assert.Equal(same, IdpLinks.SameBaseUrl(held, new Uri("https://scim.zscalertwo.net/24326813/71234/scim")));

    [Theory]
    [InlineData("userName 'eve@x.example' must be user@domain with a domain registered with Zscaler (registered: acme.example)", ScimRefusals.UnregisteredDomain)]
    [InlineData("User 42 (a@b.c) already belongs to 128 groups, the most Zscaler allows", ScimRefusals.TooManyGroups)]
    [InlineData("Admin user cannot be deleted", ScimRefusals.AdminLinkedUser)]
    [InlineData("The SCIM endpoint answered 500 InternalServerError", null)]
    [InlineData(null, null)]
    public void NamesTheZiaRuleBehindARefusalOrNone(string? text, string? rule) =>
        Assert.Equal(rule, ScimRefusals.Classify(text)?.Rule);

    [Fact]
    public void ReadsProvisionOnDemandsStringPairIntoATypedResult()
    {
        JObject answer = new()
        {
            ["key"] = """{"result":"Failure","details":{"errorCode":"SystemForCrossDomainIdentityManagementBadRequest","reason":"domain not registered"}}""",
            ["value"] = """{"provisioningAction":"create","provisioningSteps":[{"name":"EntryImport","type":"import","status":"success","description":"Retrieved"},{"name":"EntryExportAdd","type":"export","status":"failure","description":"refused"}]}""",
        };
        ZiaScimEntraOnDemandResult result = EntraOnDemand.Read(answer);
        Assert.Equal("Failure", result.Result);
        Assert.Equal("create", result.Action);
        Assert.Equal("SystemForCrossDomainIdentityManagementBadRequest", result.ErrorCode);
        Assert.Equal("domain not registered", result.Reason);
        Assert.Equal(new[] { "import", "export" }, new[] { result.Steps[0].Type, result.Steps[1].Type });
        Assert.Equal("failure", result.Steps[1].Status);
    }

    [Fact]
    public void ReadsResultAndStepsWhicheverOfKeyAndValueHoldsThem()
    {
        JObject answer = new()
        {
            ["key"] = """{"provisioningSteps":[{"name":"EntryImport","type":"import","status":"success"}]}""",
            ["value"] = """{"result":"Success","details":{"errorCode":"RedundantExport"}}""",
        };
        ZiaScimEntraOnDemandResult result = EntraOnDemand.Read(answer);
        Assert.Equal("Success", result.Result);
        Assert.Equal("RedundantExport", result.ErrorCode);
        Assert.Single(result.Steps);
    }

    [Fact]
    public void RefusesAnAnswerWithoutTheDocumentedPair() =>
        Assert.Equal("EntraUnexpectedResponse", Assert.Throws<Internal.ZiaException>(() => EntraOnDemand.Read(new JObject())).ErrorId);

    [Fact]
    public void FollowsOnlyALinkHeadersNext()
    {
        using HttpResponseMessage response = new();
        response.Headers.TryAddWithoutValidation("Link", "<https://acme.okta.com/api/v1/logs?after=1>; rel=\"self\"");
        response.Headers.TryAddWithoutValidation("Link", "<https://acme.okta.com/api/v1/logs?after=2&limit=1000>; rel=\"next\"");
        Assert.Equal(new Uri("https://acme.okta.com/api/v1/logs?after=2&limit=1000"), AnswerReader.NextLink(response.Headers, new Uri("https://acme.okta.com/api/v1/logs")));

        using HttpResponseMessage last = new();
        last.Headers.TryAddWithoutValidation("Link", "<https://acme.okta.com/api/v1/logs?after=1>; rel=\"self\"");
        Assert.Null(AnswerReader.NextLink(last.Headers, new Uri("https://acme.okta.com/api/v1/logs")));
    }

    [Fact]
    public void WritesGraphTimesWithMillisecondsSoThatTheWindowEndsWhereItWasAsked() =>
        Assert.Equal("2026-12-05T12:00:01.250Z", GraphWire.Time(new DateTime(2026, 12, 5, 12, 0, 1, 250, DateTimeKind.Utc)));
}
