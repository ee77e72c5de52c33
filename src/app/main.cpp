#include <iostream>
int main() { std::cout << "electrodem " << ELECTRODEM_VERSION << "\n"; }
