#pragma once
// Physical constants (CODATA 2018, exact SI values where defined).
namespace electrodem::constants {
inline constexpr double pi = 3.14159265358979323846;
inline constexpr double faraday = 96485.33212;     // C/mol
inline constexpr double gas_constant = 8.314462618;  // J/(mol K)
inline constexpr double boltzmann = 1.380649e-23;    // J/K
}  // namespace electrodem::constants
