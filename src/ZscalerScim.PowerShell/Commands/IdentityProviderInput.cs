using System;
using System.Globalization;
using System.Management.Automation;
using ZscalerScim.Internal;
using ZscalerScim.Portal;

namespace ZscalerScim.Commands;

/// <summary>
/// What an -IdentityProvider parameter may be given, turned into a plain reference for the services: an object from
/// Get-ZiaIdentityProvider or Get-ZiaScimBaseUrl, an id, a name, or a row (Import-Csv, a hand-made object) holding one.
/// </summary>
internal static class IdentityProviderInput
{
    public static IdentityProviderRef ToReference(object input)
    {
        object value = input is PSObject ps ? ps.BaseObject : input;
        if (value is PSCustomObject && input is PSObject bag)
        {
            // A row from Import-Csv or a hand-made object: use its id or name.
            value = (bag.Properties["IdentityProviderId"] ?? bag.Properties["Id"] ?? bag.Properties["IdentityProvider"] ?? bag.Properties["Name"])?.Value ?? value;
            if (value is PSObject inner)
            {
                value = inner.BaseObject;
            }
        }
        return value switch
        {
            ScimEndpoint endpoint => IdentityProviderRef.ById(endpoint.IdentityProviderId),
            // Re-read by id: the piped object may be stale, and a write must send back the service's latest object.
            ZiaIdentityProvider idp => IdentityProviderRef.ById(idp.Id),
            int or long => IdentityProviderRef.ById(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
            string name => IdentityProviderRef.ByName(name),
            _ => throw new ZiaException("ZiaInvalidIdentityProvider", ErrorCategory.InvalidArgument,
                $"An identity provider is given as an object from Get-ZiaIdentityProvider, a name or an id, not a {value.GetType().Name}.", value),
        };
    }
}
