namespace ZscalerScim.Zia;

/// <summary>The ZIA admin API's paths and field names that the module uses (documented; reference "ZIA admin API").</summary>
internal static class ZiaWire
{
    public const string OrgInformationPath = "orgInformation";
    public const string StatusPath = "status";
    public const string ActivatePath = "status/activate";
    public const string AuthSettingsPath = "authSettings";
    public const string AdminUsersPath = "adminUsers";
    public const string UsersPath = "users";

    // Paging of /adminUsers and /users: page from 1; pageSize up to 1000 for /adminUsers.
    public const string Page = "page";
    public const string PageSize = "pageSize";
    public const string Search = "search";

    // GET /adminUsers
    public const string AdminId = "id";
    public const string AdminLoginName = "loginName";
    public const string AdminDisplayName = "userName";
    public const string AdminDisabled = "disabled";

    // GET /users
    public const string UserId = "id";
    public const string UserDisplayName = "name";
    public const string UserEmail = "email";
    public const string UserIsAdmin = "adminUser";
    public const string UserDepartment = "department";
    public const string UserComments = "comments";
    public const string ReferenceName = "name";

    // GET /status and POST /status/activate: {"status": ...}
    public const string Status = "status";
    public const string StatusActive = "ACTIVE";
    public const string StatusPending = "PENDING";
    public const string StatusInProgress = "INPROGRESS";

    // GET /orgInformation
    public const string OrgId = "orgId";
    public const string OrgName = "name";
    public const string CloudName = "cloudName";
    public const string PrimaryDomain = "pdomain";
    public const string Domains = "domains";
    public const string Country = "country";
    public const string Timezone = "timezone";

    // GET/PUT /authSettings
    public const string OrgAuthType = "orgAuthType";
    public const string SamlEnabled = "samlEnabled";
    public const string KerberosEnabled = "kerberosEnabled";
    public const string AutoProvision = "autoProvision";
    public const string MigrateToScim = "directorySyncMigrateToScimEnabled";
    public const string OneTimeAuth = "oneTimeAuth";
    public const string AuthFrequency = "authFrequency";
    public const string AuthCustomFrequency = "authCustomFrequency";
    public const string PasswordStrength = "passwordStrength";
    public const string PasswordExpiry = "passwordExpiry";
    public const string MobileAdminSamlIdpEnabled = "mobileAdminSamlIdpEnabled";
}
