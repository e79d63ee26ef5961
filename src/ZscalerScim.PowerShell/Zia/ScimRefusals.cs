using System;

namespace ZscalerScim.Zia;

/// <summary>A ZIA rule a SCIM write was refused by, and what repairs it.</summary>
internal sealed class ScimRefusal
{
    public ScimRefusal(string rule, string fix)
    {
        Rule = rule;
        Fix = fix;
    }

    public string Rule { get; }

    public string Fix { get; }
}

/// <summary>
/// The ZIA rules behind a SCIM refusal, recognised in the text an IdP or ZIA's event log reports it with. Zscaler does not
/// publish the exact wording (provisioning-health.md): these are keywords of its refusals and help pages, a guess that
/// yields no rule (never a wrong one) when the text does not match.
/// </summary>
internal static class ScimRefusals
{
    public const string UnregisteredDomain = "unregistered domain";
    public const string TooManyGroups = "more than 128 groups";
    public const string AdminLinkedUser = "admin-linked user";

    public static ScimRefusal? Classify(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (Has(text!, "domain") && (Has(text!, "regist") || Has(text!, "0xA020") || Has(text!, "0xB0030")))
        {
            return new ScimRefusal(UnregisteredDomain, "The userName's domain is not registered to the ZIA organization: have Zscaler support add it (Get-ZiaOrganization lists the registered domains), or fix the userName in the IdP.");
        }
        if (Has(text!, "128") && Has(text!, "group"))
        {
            return new ScimRefusal(TooManyGroups, "ZIA takes at most 128 groups per user: narrow the groups assigned to the Zscaler app, or the user's memberships.");
        }
        if (Has(text!, "admin user"))
        {
            return new ScimRefusal(AdminLinkedUser, "The user is linked to a ZIA admin account, which SCIM cannot delete: unlink or remove the admin in ZIA (Administration > Administrator Management) first.");
        }
        return null;
    }

    private static bool Has(string text, string part) => text.IndexOf(part, StringComparison.OrdinalIgnoreCase) >= 0;
}
