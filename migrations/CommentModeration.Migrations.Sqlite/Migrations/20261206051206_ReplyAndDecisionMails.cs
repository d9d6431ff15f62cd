using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommentModeration.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ReplyAndDecisionMails : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "DecisionMailed",
                table: "Comments",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "ReplyMailed",
                table: "Comments",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "ReplyMailOptOuts",
                columns: table => new
                {
                    Email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReplyMailOptOuts", x => x.Email);
                });

            // Comments stored before: their moment for these mails has passed; deciding or publishing them again mails nobody.
            migrationBuilder.Sql("UPDATE \"Comments\" SET \"ReplyMailed\" = 1 WHERE \"ParentId\" IS NOT NULL AND \"Status\" = 1;");
            migrationBuilder.Sql("UPDATE \"Comments\" SET \"DecisionMailed\" = \"Status\" WHERE \"Status\" IN (1, 2);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReplyMailOptOuts");

            migrationBuilder.DropColumn(
                name: "DecisionMailed",
                table: "Comments");

            migrationBuilder.DropColumn(
                name: "ReplyMailed",
                table: "Comments");
        }
    }
}
