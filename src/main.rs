fn main() -> std::process::ExitCode {
    callsim::cli_main()
}
