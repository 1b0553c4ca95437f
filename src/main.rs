fn main() -> std::process::ExitCode {
    callsim::cli::main()
}
