#version 450
#include "buildings_vert.glsl"
