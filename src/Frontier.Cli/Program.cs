using Frontier.Cli;

return FrontierCli.Run(args, Console.Out, Console.Error);
