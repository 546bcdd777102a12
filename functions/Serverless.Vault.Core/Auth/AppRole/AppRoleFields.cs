using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Auth.AppRole;

/// <summary>Fields shared by several AppRole paths.</summary>
internal static class AppRoleFields
{
    public static readonly Field<string> RoleName = Fields.String("role_name", "Name of the role.").AsRequired();
    public static readonly Field<string> RoleId = Fields.String("role_id", "Identifier of the role.");
    public static readonly Field<string> SecretId = Fields.String("secret_id", "A secret ID of the role.");
    public static readonly Field<string> SecretIdAccessor = Fields.String("secret_id_accessor", "Accessor of a secret ID of the role.");
}
