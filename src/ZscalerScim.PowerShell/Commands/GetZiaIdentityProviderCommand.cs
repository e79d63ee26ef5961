using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using ZscalerScim.Internal;
using ZscalerScim.Portal;

namespace ZscalerScim.Commands;

[Cmdlet(VerbsCommon.Get, "ZiaIdentityProvider", DefaultParameterSetName = ByName)]
[OutputType(typeof(ZiaIdentityProvider))]
public sealed class GetZiaIdentityProviderCommand : ZiaAdminCmdlet
{
    private const string ByName = "ByName", ById = "ById";

    [Parameter(ParameterSetName = ByName, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(IdentityProviderCompleter))]
    [Trimmed]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ById, ValueFromPipelineByPropertyName = true)]
    public long[]? Id { get; set; }

    protected override void ProcessRecord()
    {
        ZiaSession session = ResolveSession();
        if (Id is not null)
        {
            foreach (long id in Id)
            {
                TryRun(async (log, cancel) =>
                {
                    ZiaIdentityProvider idp = await IdentityProviders.GetAsync(session, id, log, cancel).ConfigureAwait(false);
                    log.Add(c => c.WriteObject(idp));
                }, id);
            }
            return;
        }

        IReadOnlyList<ZiaIdentityProvider> all;
        try
        {
            all = Run((log, cancel) => IdentityProviders.ListAsync(session, log, cancel));
        }
        catch (ZiaException ex)
        {
            ex.Target ??= session;
            WriteError(ex.ToErrorRecord());
            return;
        }

        if (Name is null)
        {
            WriteObject(all, enumerateCollection: true);
            return;
        }
        foreach (string name in Name)
        {
            List<ZiaIdentityProvider> matches = IdentityProviders.Match(all, name).ToList();
            // A literal name that matches nothing is an error; a wildcard that matches nothing is just no output.
            if (matches.Count == 0 && !NamePattern.HasWildcard(name))
            {
                WriteError(new ZiaException("ZiaIdentityProviderNotFound", ErrorCategory.ObjectNotFound,
                    $"No identity provider named '{name}' was found. List them with Get-ZiaIdentityProvider.", name).ToErrorRecord());
            }
            WriteObject(matches, enumerateCollection: true);
        }
    }
}
