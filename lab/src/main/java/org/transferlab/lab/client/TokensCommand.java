package org.transferlab.lab.client;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.transferlab.protocol.view.TokenView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tlab tokens list|create|revoke}: the lab's API tokens (needs an admin token). */
@Command(name = "tokens", description = "List, create and revoke API tokens (admin token needed).",
        subcommands = {TokensCommand.ListTokens.class, TokensCommand.Create.class, TokensCommand.Revoke.class})
public final class TokensCommand implements Callable<Integer> {

    @Spec
    CommandSpec command;

    @Override
    public Integer call() {
        command.commandLine().usage(command.commandLine().getOut());
        return 2;
    }

    @Command(name = "list", description = "Every token with its role; secrets are never shown again.")
    static final class ListTokens extends ApiCommand {

        @Override
        public Integer call() {
            TextTable table = new TextTable("ID", "NAME", "ROLE", "CREATED", "REVOKED");
            for (TokenView t : client().tokens()) {
                table.row(t.id(), t.name(), t.role(), t.createdAt(), t.revokedAt());
            }
            out().print(table.render());
            return 0;
        }
    }

    @Command(name = "create", description = "Create a token; its secret is printed once.")
    static final class Create extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "who or what uses it, e.g. alice-laptop")
        String name;

        @Option(names = "--role", description = "admin, write or read (default ${DEFAULT-VALUE})")
        String role = "read";



        @Override
        public Integer call() {
            TokenView t = client().createToken(name, role);
            PrintWriter out = out();
            out.println("created " + t.id() + " (" + t.name() + ", " + t.role() + ")");
            out.println("token: " + t.token());
            out.println("it is shown only now; the lab keeps a hash. Use it with TLAB_TOKEN=... or token=... in the tlab config file.");
            return 0;
        }
    }

    @Command(name = "revoke", description = "Revoke a token; it stops working at once.")
    static final class Revoke extends ApiCommand {
        @Parameters(paramLabel = "ID")
        String id;



        @Override
        public Integer call() {
            client().revokeToken(id);
            out().println("revoked " + id);
            return 0;
        }
    }
}
