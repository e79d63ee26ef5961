using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace ZscalerScim.Emulator.State;

/// <summary>The tenant as it is at start: Acme Corp on zscalertwo.net.</summary>
public static class Seeds
{
    public const long OrgId = 24326813;

    public static JsonObject Organization() => new()
    {
        ["orgId"] = OrgId,
        ["name"] = "Acme Corp",
        ["hqLocation"] = "San Jose, CA",
        ["domains"] = new JsonArray("acme.example", "acme.test"),
        ["geoLocation"] = "North America",
        ["industryVertical"] = "TECHNOLOGY_AND_COMMUNICATION",
        ["addrLine1"] = "1 Example Way",
        ["addrLine2"] = "",
        ["city"] = "San Jose",
        ["state"] = "CA",
        ["zipcode"] = "95134",
        ["country"] = "UNITED_STATES",
        ["employeeCount"] = "ENUM_1000_5000",
        ["language"] = "en_US",
        ["timezone"] = "GMT",
        ["alertTimer"] = 60,
        ["pdomain"] = "acme.example",
        ["cloudName"] = "zscalertwo.net",
        ["primaryTechnicalContactName"] = "Pat Admin",
        ["primaryTechnicalContactEmail"] = "admin@acme.example",
        ["primaryTechnicalContactPhone"] = "+1 408 555 0100",
        ["primaryBusinessContactName"] = "Sam Owner",
        ["primaryBusinessContactEmail"] = "owner@acme.example",
        ["primaryBusinessContactPhone"] = "+1 408 555 0101",
        ["externalEmailPortal"] = false,
        ["orgDisabled"] = false,
    };

    /// <summary>The smaller <c>/orgInformation/lite</c> view of <paramref name="org"/>.</summary>
    public static JsonObject OrganizationLite(JsonObject org)
    {
        var lite = new JsonObject();
        foreach (var name in new[] { "orgId", "name", "cloudName", "pdomain", "domains", "language", "timezone", "orgDisabled" })
        {
            if (org[name] is { } value)
            {
                lite[name] = value.DeepClone();
            }
        }
        return lite;
    }

    /// <summary>
    /// The five IdPs the README lists. <c>scimServiceProviderEndpoint</c> is filled in once the
    /// server knows its own origin. The trailing fields are ones the module does not know: it must
    /// send them back untouched.
    /// </summary>
    public static IEnumerable<JsonObject> IdentityProviders()
    {
        yield return Idp(71234, "Okta", "HOSTED_DB", autoProvision: true, scimToken: null, "OKTA");
        yield return Idp(71235, "Okta Preview", "HOSTED_DB", autoProvision: false, scimToken: null, "OKTA");
        yield return Idp(71236, "Entra ID", "HOSTED_DB", autoProvision: false,
            scimToken: RandomNumberGenerator.GetHexString(48, lowercase: true), "MICROSOFT_ENTRA_ID");
        yield return Idp(71237, "Corp AD", "ACTIVE_DIRECTORY", autoProvision: false, scimToken: null, "ADFS");
        yield return Idp(71238, "Corp LDAP", "OPEN_LDAP", autoProvision: false, scimToken: null, "OTHER");
    }

    private static JsonObject Idp(long id, string name, string repository, bool autoProvision, string? scimToken, string vendor)
    {
        var slug = name.ToLowerInvariant().Replace(' ', '-');
        return new JsonObject
        {
            ["id"] = id,
            ["name"] = name,
            ["enabled"] = true,
            ["userRepositoryType"] = repository,
            ["autoProvision"] = autoProvision,
            ["scimEnabled"] = scimToken is not null,
            ["scimServiceProviderEndpoint"] = "",
            ["scimSharedSecretExists"] = scimToken is not null,
            ["scimSharedSecret"] = scimToken ?? "",
            ["loginUrl"] = $"https://{slug}.idp.acme.example/sso/saml",
            ["idpEntityId"] = $"https://{slug}.idp.acme.example/entity",
            ["signSamlRequest"] = true,
            ["redirectBinding"] = false,
            ["lastModifiedTime"] = 1700000000L + id % 1000,
            ["vendorName"] = vendor,
            ["adminSsoEnabled"] = false,
            ["idpCertificate"] = new JsonObject
            {
                ["id"] = id + 9000,
                ["name"] = $"{name} signing certificate",
                ["validTo"] = 1893456000L,
            },
            ["attributeMappings"] = new JsonArray(
                new JsonObject { ["samlAttribute"] = "department", ["zscalerAttribute"] = "DEPARTMENT" },
                new JsonObject { ["samlAttribute"] = "memberOf", ["zscalerAttribute"] = "GROUP" }),
        };
    }
}
