using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommentModeration.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ReportAddressAndBrowserKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AddressKey",
                table: "Reports",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BrowserKey",
                table: "Reports",
                type: "TEXT",
                maxLength: 32,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AddressKey",
                table: "Reports");

            migrationBuilder.DropColumn(
                name: "BrowserKey",
                table: "Reports");
        }
    }
}
